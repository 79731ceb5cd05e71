"""Tests of autograder.packaging and the CI templates."""
