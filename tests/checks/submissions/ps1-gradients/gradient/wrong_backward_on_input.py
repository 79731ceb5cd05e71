# verdict: wrong
# style: .backward() on the caller's tensor
# mistake: calls .backward() with the caller's point as the leaf, so point.grad is left behind and a second call accumulates into it
# differs-on: a second call on the same tensor (returns twice the gradient); any call leaves point.grad and requires_grad set
def gradient(f, point):
    point.requires_grad_()
    f(point).backward()
    return point.grad
