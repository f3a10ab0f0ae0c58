/// A mistake in what a caller asked the plot layer to draw, or a missing resource.
///
/// The script layer maps `kind` to a Python exception: `.value` → `ValueError`, `.type` →
/// `TypeError`, `.resource` → `OSError`, `.memory` → `MemoryError`. The messages follow numpy/matplotlib wording where they
/// have one (e.g. `autodetected range of [nan, nan] is not finite`, from `numpy.histogram`).
public struct PlotError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A bad value: non-finite range, non-increasing bin edges, mismatched lengths.
        case value
        /// A value of the wrong type.
        case type
        /// A request that would need too much memory (too many bins, too many pixels).
        case memory
        /// A file the renderer needs (the font) is missing or unreadable, or libpng failed.
        case resource
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
