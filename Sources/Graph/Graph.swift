// The Graph layer (DESIGN.md).
