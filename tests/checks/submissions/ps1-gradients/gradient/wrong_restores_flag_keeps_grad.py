# verdict: wrong
# style: .backward() on the caller's point, flag switched back off afterwards
# mistake: switches requires_grad back off but leaves point.grad behind, so a second call on the same tensor adds to it
# differs-on: a second call on the same tensor (twice the gradient); any call leaves point.grad set, and a point that required grad no longer does
def gradient(f, point):
    point.requires_grad_(True)
    f(point).backward()
    point.requires_grad_(False)  # leave the input as we found it
    return point.grad.clone()
