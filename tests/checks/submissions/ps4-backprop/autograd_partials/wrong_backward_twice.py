# verdict: wrong
# style: f.sum().backward() called twice
# mistake: calls backward twice on the same leaves (once more to look at the gradients), so .grad holds twice the partials
# differs-on: any input
# written-by: the checks' authors (not the independent corpus)
import torch


def autograd_partials(w, x, y, z):
    leaves = [t.detach().clone().requires_grad_(True) for t in (w, x, y, z)]
    with torch.enable_grad():
        a = (leaves[0] + leaves[1] + leaves[2] + leaves[3]) ** 2
        b = (leaves[0] + leaves[1] - leaves[2] - leaves[3]) ** 2
        f = ((a + b) ** 2 + (a - b) ** 2) ** 2
        f.sum().backward(retain_graph=True)
        f.sum().backward()
    return {"f": f.detach(), **{k: t.grad for k, t in zip("wxyz", leaves, strict=True)}}
