# verdict: wrong
# style: .backward() on the caller's tensors, returns their .grad
# mistake: backpropagates into the caller's tensors, leaving .grad on them so a second call accumulates
# differs-on: a second call on the same tensors (twice the partials); any call leaves .grad and requires_grad set
def autograd_partials(w, x, y, z):
    for t in (w, x, y, z):
        t.requires_grad_()
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    f = ((a + b) ** 2 + (a - b) ** 2) ** 2
    f.sum().backward()
    return {"f": f.detach(), "w": w.grad, "x": x.grad, "y": y.grad, "z": z.grad}
