"""The contest day on stage: the draw and the running order, the stage's steps and clock,
judges' submissions and late scores, overtime deductions, and the venue's snapshot."""
