# verdict: correct
# style: torch.polar and view_as_real
import math

import torch


def unit_vector(angle_deg):
    # e^{i theta} as a complex number, then its real and imaginary parts
    one = torch.tensor(1.0, dtype=torch.float64)
    theta = torch.tensor(math.radians(angle_deg), dtype=torch.float64)
    return torch.view_as_real(torch.polar(one, theta))
