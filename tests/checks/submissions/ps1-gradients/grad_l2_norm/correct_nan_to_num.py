# verdict: correct
# style: torch.nan_to_num on v / ||v||
import torch


def grad_l2_norm(v):
    # only v = 0 gives 0/0 = nan here; nan_to_num turns it into 0
    return torch.nan_to_num(v / v.norm(), nan=0.0)
