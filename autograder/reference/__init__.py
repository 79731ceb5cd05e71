"""Reference solutions: plain, documented PyTorch for every graded name.

One module per assignment (``ps1_gradients`` ... ``ps4_backprop``). The hidden
checks compare students against these; the instructor notebooks' model answers
must agree with them (``tests/source/``).
"""
