# verdict: correct
# style: a tiny tape of (node, [(parent, local partial)]) replayed backwards
def backprop(w, x, y, z):
    val = {"w": w, "x": x, "y": y, "z": z}
    tape = []

    s1 = w + x + y + z
    s2 = w + x - y - z
    val["a"] = s1**2
    tape.append(("a", [("w", 2 * s1), ("x", 2 * s1), ("y", 2 * s1), ("z", 2 * s1)]))
    val["b"] = s2**2
    tape.append(("b", [("w", 2 * s2), ("x", 2 * s2), ("y", -2 * s2), ("z", -2 * s2)]))
    a, b = val["a"], val["b"]
    val["u"] = (a + b) ** 2
    tape.append(("u", [("a", 2 * (a + b)), ("b", 2 * (a + b))]))
    val["v"] = (a - b) ** 2
    tape.append(("v", [("a", 2 * (a - b)), ("b", -2 * (a - b))]))
    u, v = val["u"], val["v"]
    val["f"] = (u + v) ** 2
    tape.append(("f", [("u", 2 * (u + v)), ("v", 2 * (u + v))]))

    adjoint = {"f": 1.0}
    for node, parents in reversed(tape):
        for parent, local in parents:
            adjoint[parent] = adjoint.get(parent, 0.0) + adjoint[node] * local
    return {"f": val["f"], **{k: adjoint[k] for k in "wxyz"}}
