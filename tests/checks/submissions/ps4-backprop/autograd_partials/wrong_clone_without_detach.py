# verdict: wrong
# style: clone().requires_grad_() without detach
# mistake: clones without detaching: for inputs that require grad the clones are not leaves, the gradients go into the caller's .grad and None is returned
# differs-on: inputs with requires_grad=True
def autograd_partials(w, x, y, z):
    W, X, Y, Z = (t.clone().requires_grad_() for t in (w, x, y, z))
    a = (W + X + Y + Z) ** 2
    b = (W + X - Y - Z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    f.sum().backward()
    return {"f": f.detach(), "w": W.grad, "x": X.grad, "y": Y.grad, "z": Z.grad}
