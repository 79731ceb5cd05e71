# verdict: wrong
# style: torch.deg2rad on a default (float32) tensor, cast to float64 at the end
# mistake: computes cos and sin in float32 and only then converts to float64, so the values are off by about 1e-8
# differs-on: angles such as 150 degrees compared at float64 precision (error ~4e-8)
import torch


def unit_vector(angle_deg):
    theta = torch.deg2rad(torch.tensor(float(angle_deg)))
    return torch.stack([torch.cos(theta), torch.sin(theta)]).to(torch.float64)
