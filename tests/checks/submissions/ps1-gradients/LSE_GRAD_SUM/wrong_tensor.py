# verdict: wrong
# style: 0-d tensor
# mistake: stores a tensor instead of a Python number
# differs-on: the type (torch.Tensor)
import torch

LSE_GRAD_SUM = torch.tensor(1.0)
