// The Frames layer (DESIGN.md).
