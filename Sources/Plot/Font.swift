import CFreeType
import Foundation

/// Text rendered through FreeType from a TrueType font (DejaVu Sans, matplotlib's default face).
///
/// One instance owns a FreeType library and face; it is not thread-safe (make one per figure
/// rendering). Sizes are in points and become pixels at the given dpi: `pixels = pt × dpi / 72`.
public final class Font {
    /// Where Debian's `fonts-dejavu-core` installs DejaVu Sans.
    public static let defaultPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    private var library: FT_Library?
    private var face: FT_Face?
    private var currentSize: (points: Double, dpi: Double) = (0, 0)
    private var glyphCache: [GlyphKey: Glyph] = [:]

    private struct GlyphKey: Hashable {
        var character: UInt32
        var points: Double
        var dpi: Double
    }

    private struct Glyph {
        var mask: CoverageMask
        var left: Int
        var top: Int
        var advance: Double
    }

    /// Opens the font file at `path`.
    /// - Throws: `PlotError(.resource)` naming the path when the file is missing or not a font
    ///   FreeType can read (install Debian's `fonts-dejavu-core`).
    public init(path: String = Font.defaultPath) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw PlotError(.resource, "font file not found: \(path) (install the Debian package fonts-dejavu-core)")
        }
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else {
            throw PlotError(.resource, "FreeType could not be initialised")
        }
        self.library = library
        var face: FT_Face?
        guard FT_New_Face(library, path, 0, &face) == 0, let face else {
            FT_Done_FreeType(library)
            self.library = nil
            throw PlotError(.resource, "FreeType could not read the font \(path)")
        }
        self.face = face
    }

    deinit {
        if let face { FT_Done_Face(face) }
        if let library { FT_Done_FreeType(library) }
    }

    /// The size of `text` at `points`/`dpi`, in pixels: the advance width, and the ascent
    /// and descent of a line (at least those of "lp", as matplotlib lays out text).
    public func measure(_ text: String, points: Double, dpi: Double) -> (width: Double, ascent: Double, descent: Double) {
        var width = 0.0
        var ascent = 0.0, descent = 0.0
        for scalar in (text + "lp").unicodeScalars.enumerated() {
            guard let glyph = glyph(scalar.element.value, points: points, dpi: dpi) else { continue }
            if scalar.offset < text.unicodeScalars.count { width += glyph.advance }
            ascent = max(ascent, Double(glyph.top))
            descent = max(descent, Double(glyph.mask.height - glyph.top))
        }
        return (width, ascent, descent)
    }

    /// Renders `text` on one line into a coverage mask whose box spans the line's ascent and
    /// descent (see `measure`); `baseline` is the mask row of the baseline.
    public func render(_ text: String, points: Double, dpi: Double) -> (mask: CoverageMask, baseline: Int) {
        let metrics = measure(text, points: points, dpi: dpi)
        let ascent = Int(metrics.ascent.rounded(.up)), descent = Int(metrics.descent.rounded(.up))
        var mask = CoverageMask(width: max(1, Int(metrics.width.rounded(.up)) + 2), height: max(1, ascent + descent))
        var penX = 0.0
        for scalar in text.unicodeScalars {
            guard let glyph = glyph(scalar.value, points: points, dpi: dpi) else { continue }
            let originX = Int(penX.rounded()) + glyph.left
            let originY = ascent - glyph.top
            for row in 0..<glyph.mask.height {
                let y = originY + row
                guard y >= 0, y < mask.height else { continue }
                for column in 0..<glyph.mask.width {
                    let x = originX + column
                    guard x >= 0, x < mask.width else { continue }
                    let value = glyph.mask.values[row * glyph.mask.width + column]
                    let index = y * mask.width + x
                    mask.values[index] = min(1, mask.values[index] + value)
                }
            }
            penX += glyph.advance
        }
        return (mask, ascent)
    }

    private func glyph(_ character: UInt32, points: Double, dpi: Double) -> Glyph? {
        let key = GlyphKey(character: character, points: points, dpi: dpi)
        if let cached = glyphCache[key] { return cached }
        guard let face else { return nil }
        if currentSize.points != points || currentSize.dpi != dpi {
            let dpiValue = FT_UInt(max(1, dpi.rounded()))
            guard FT_Set_Char_Size(face, 0, FT_F26Dot6((points * 64).rounded()), dpiValue, dpiValue) == 0 else { return nil }
            currentSize = (points, dpi)
        }
        let loadRender: Int32 = 1 << 2 // FT_LOAD_RENDER
        guard FT_Load_Char(face, FT_ULong(character), loadRender) == 0, let slot = face.pointee.glyph else { return nil }
        let bitmap = slot.pointee.bitmap
        let rows = Int(bitmap.rows), columns = Int(bitmap.width), pitch = Int(bitmap.pitch)
        var mask = CoverageMask(width: columns, height: rows)
        if let buffer = bitmap.buffer, rows > 0, columns > 0 {
            for row in 0..<rows {
                let rowStart = pitch >= 0 ? row * pitch : (rows - 1 - row) * -pitch
                for column in 0..<columns {
                    mask.values[row * columns + column] = Double(buffer[rowStart + column]) / 255
                }
            }
        }
        let glyph = Glyph(mask: mask, left: Int(slot.pointee.bitmap_left), top: Int(slot.pointee.bitmap_top),
                          advance: Double(slot.pointee.advance.x) / 64)
        glyphCache[key] = glyph
        return glyph
    }
}
