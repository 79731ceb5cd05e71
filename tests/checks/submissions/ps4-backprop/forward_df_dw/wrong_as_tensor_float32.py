# verdict: wrong
# style: torch.as_tensor on every input
# mistake: forces everything to float32 tensors: floats come back as tensors and float64 inputs as float32
# differs-on: Python float inputs and float64 tensors
import torch


def forward_df_dw(w, x, y, z):
    w, x, y, z = (torch.as_tensor(t, dtype=torch.float32) for t in (w, x, y, z))
    s1, s2 = w + x + y + z, w + x - y - z
    a, da = s1**2, 2 * s1
    b, db = s2**2, 2 * s2
    u, du = (a + b) ** 2, 2 * (a + b) * (da + db)
    v, dv = (a - b) ** 2, 2 * (a - b) * (da - db)
    return (u + v) ** 2, 2 * (u + v) * (du + dv)
