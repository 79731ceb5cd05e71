# verdict: wrong
# style: rebuilds the result with torch.tensor(float)
# mistake: wraps a Python float in torch.tensor(...) without dtype/device: float32 on the CPU
# differs-on: float64 inputs (and CUDA inputs)
import torch


def linear_approximation(f, point, eps):
    x = point.detach().clone().requires_grad_(True)
    fx = f(x)
    (g,) = torch.autograd.grad(fx, x)
    return torch.tensor(fx.item() + torch.dot(eps, g).item())
