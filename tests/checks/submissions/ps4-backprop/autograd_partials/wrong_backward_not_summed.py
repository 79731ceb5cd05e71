# verdict: wrong
# style: f.backward() without .sum()
# mistake: calls f.backward() on a non-scalar f
# differs-on: 1-D batches (RuntimeError: grad can be implicitly created only for scalar outputs)


def autograd_partials(w, x, y, z):
    W, X, Y, Z = (t.detach().clone().requires_grad_(True) for t in (w, x, y, z))
    a = (W + X + Y + Z) ** 2
    b = (W + X - Y - Z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    f.backward()
    return {"f": f.detach(), "w": W.grad, "x": X.grad, "y": Y.grad, "z": Z.grad}
