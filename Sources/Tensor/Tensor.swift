// The Tensor layer (DESIGN.md).
