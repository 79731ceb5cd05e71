# verdict: correct
# style: torch.func.grad with argnums over the sum, f computed separately
from torch.func import grad


def _total(w, x, y, z):
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    return (((a + b) ** 2 + (a - b) ** 2) ** 2).sum()


def autograd_partials(w, x, y, z):
    args = [t.detach() for t in (w, x, y, z)]
    dw, dx, dy, dz = grad(_total, argnums=(0, 1, 2, 3))(*args)
    a = (args[0] + args[1] + args[2] + args[3]) ** 2
    b = (args[0] + args[1] - args[2] - args[3]) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    return {"f": f, "w": dw, "x": dx, "y": dy, "z": dz}
