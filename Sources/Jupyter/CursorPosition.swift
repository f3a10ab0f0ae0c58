/// Converts between Jupyter cursor positions and `String.Index`.
///
/// Since protocol 5.2, `cursor_pos` and `cursor_start`/`cursor_end` count Unicode code points
/// (Python `str` indices), not UTF-16 units or grapheme clusters: in `"é👍🏽x"` (with a
/// skin-tone modifier) `x` is at code point 3, grapheme 2, UTF-16 unit 5.
public enum CursorPosition {
    /// The index of code point `offset` in `code`, clamped to `0...code.unicodeScalars.count`.
    /// The result may fall inside a grapheme cluster (between an emoji and its modifier), which
    /// is what the frontend means.
    public static func index(in code: String, codePointOffset offset: Int) -> String.Index {
        let scalars = code.unicodeScalars
        guard offset > 0 else { return scalars.startIndex }
        return scalars.index(scalars.startIndex, offsetBy: offset, limitedBy: scalars.endIndex) ?? scalars.endIndex
    }

    /// The code-point offset of `index` in `code` (the inverse of `index(in:codePointOffset:)`).
    public static func codePointOffset(of index: String.Index, in code: String) -> Int {
        let scalars = code.unicodeScalars
        let clamped = min(max(index, scalars.startIndex), scalars.endIndex)
        return scalars.distance(from: scalars.startIndex, to: clamped)
    }
}
