// The Learn layer (DESIGN.md).
