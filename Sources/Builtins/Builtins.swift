// The Builtins layer (DESIGN.md).
