# verdict: correct
# style: float literal
# e^x/(e^x+e^y) + e^y/(e^x+e^y) = (e^x+e^y)/(e^x+e^y)
LSE_GRAD_SUM = 1.0
