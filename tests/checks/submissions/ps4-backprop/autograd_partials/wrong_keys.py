# verdict: wrong
# style: torch.autograd.grad on f.sum()
# mistake: uses the keys 'df_dw', ... instead of 'w', 'x', 'y', 'z'
# differs-on: any input (keys)
# written-by: the checks' authors (not the independent corpus)
import torch


def autograd_partials(w, x, y, z):
    leaves = tuple(t.detach().clone().requires_grad_(True) for t in (w, x, y, z))
    with torch.enable_grad():
        a = (leaves[0] + leaves[1] + leaves[2] + leaves[3]) ** 2
        b = (leaves[0] + leaves[1] - leaves[2] - leaves[3]) ** 2
        f = ((a + b) ** 2 + (a - b) ** 2) ** 2
        grads = torch.autograd.grad(f.sum(), leaves)
    return {"f": f.detach(), **{f"df_d{k}": g for k, g in zip("wxyz", grads, strict=True)}}
