# verdict: wrong
# style: vmap(grad(f)), converted to numpy for the quiver plot
# mistake: returns numpy arrays instead of tensors
# differs-on: any grid (type of the results)
import torch


def gradient_field(f, X, Y):
    pts = torch.stack([X.flatten(), Y.flatten()], dim=1)
    g = torch.func.vmap(torch.func.grad(f))(pts)
    # matplotlib wants numpy arrays
    return g[:, 0].reshape(X.shape).numpy(), g[:, 1].reshape(X.shape).numpy()
