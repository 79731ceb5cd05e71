# verdict: wrong
# style: closure with only the pure second derivatives
# mistake: uses only the diagonal of the Hessian (drops the mixed terms)
# differs-on: any f with mixed partials at x0, e.g. x*y + x^2
import torch


def quadratic_approximation(f, point):
    x0 = point.detach().clone()
    xv = x0.clone().requires_grad_(True)
    f0 = f(xv)
    (g,) = torch.autograd.grad(f0, xv, create_graph=True)
    curv = torch.stack(
        [torch.autograd.grad(g[i], xv, retain_graph=True)[0][i] for i in range(len(x0))]
    )
    g, curv, f0 = g.detach(), curv.detach(), f0.detach()

    def q(x):
        d = x - x0
        return f0 + g @ d + 0.5 * (curv * d**2).sum()

    return q
