# verdict: wrong
# style: .backward() on point.clone() without detach
# mistake: clones without detaching: when point itself requires grad the clone is not a leaf, the gradient goes into the caller's point.grad and None is returned
# differs-on: a point with requires_grad=True
def gradient(f, point):
    x = point.clone().requires_grad_()
    f(x).backward()
    return x.grad
