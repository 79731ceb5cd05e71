# verdict: correct
# style: torch.mul/torch.add calls when given tensors, operators otherwise
import torch


def forward_df_dw(w, x, y, z):
    if not torch.is_tensor(w):
        s, t = w + x + y + z, w + x - y - z
        a, b = s * s, t * t
        u, v = (a + b) ** 2, (a - b) ** 2
        du = 2 * (a + b) * (2 * s + 2 * t)
        dv = 2 * (a - b) * (2 * s - 2 * t)
        return (u + v) ** 2, 2 * (u + v) * (du + dv)
    s = torch.add(torch.add(w, x), torch.add(y, z))
    t = torch.sub(torch.add(w, x), torch.add(y, z))
    a, da = torch.square(s), torch.mul(s, 2)
    b, db = torch.square(t), torch.mul(t, 2)
    u, du = torch.square(a + b), torch.mul(2 * (a + b), da + db)
    v, dv = torch.square(a - b), torch.mul(2 * (a - b), da - db)
    return torch.square(u + v), torch.mul(2 * (u + v), du + dv)
