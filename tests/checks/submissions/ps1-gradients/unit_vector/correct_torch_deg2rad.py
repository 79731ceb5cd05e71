# verdict: correct
# style: torch.deg2rad on a float64 tensor, torch.stack
import torch


def unit_vector(angle_deg):
    t = torch.deg2rad(torch.tensor(float(angle_deg), dtype=torch.float64))
    return torch.stack([torch.cos(t), torch.sin(t)])
