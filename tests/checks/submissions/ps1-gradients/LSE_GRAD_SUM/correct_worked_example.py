# verdict: correct
# style: expression from the worked example (1/3 + 2/3)
# at (0, log 2) the gradient is (1/3, 2/3)
LSE_GRAD_SUM = 1 / 3 + 2 / 3
