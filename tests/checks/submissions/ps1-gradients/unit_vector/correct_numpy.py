# verdict: correct
# style: numpy deg2rad, torch.from_numpy (float64 CPU)
import numpy as np
import torch


def unit_vector(angle_deg):
    theta = np.deg2rad(angle_deg)
    return torch.from_numpy(np.array([np.cos(theta), np.sin(theta)], dtype=np.float64))
