import Foundation

/// An RGB raster in pixels, top row first, that shapes are blended onto with coverage-based
/// anti-aliasing. Coordinates are in pixels with the origin at the top-left corner; pixel
/// `(x, y)` covers `[x, x+1) × [y, y+1)`.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    /// `[height, width, 3]` channel values in 0...1, row-major.
    public private(set) var pixels: [Double]
    /// Shapes are clipped to this rectangle (pixels); the whole canvas by default.
    public var clip: Rect

    /// A canvas filled with `background`.
    public init(width: Int, height: Int, background: Color = .white) {
        self.width = max(1, width)
        self.height = max(1, height)
        pixels = [Double](repeating: 0, count: self.width * self.height * 3)
        clip = Rect(x: 0, y: 0, width: Double(self.width), height: Double(self.height))
        for i in 0..<(self.width * self.height) {
            pixels[3 * i] = background.red
            pixels[3 * i + 1] = background.green
            pixels[3 * i + 2] = background.blue
        }
    }

    /// Blends `color` at pixel `(x, y)` with weight `coverage × color.alpha`; pixels outside
    /// the canvas or the clip are ignored.
    @inline(__always)
    public mutating func blend(x: Int, y: Int, color: Color, coverage: Double) {
        guard x >= 0, y >= 0, x < width, y < height,
              Double(x) >= clip.x.rounded(.down), Double(x) < (clip.x + clip.width).rounded(.up),
              Double(y) >= clip.y.rounded(.down), Double(y) < (clip.y + clip.height).rounded(.up)
        else { return }
        let a = min(1, max(0, coverage)) * color.alpha
        guard a > 0 else { return }
        let i = 3 * (y * width + x)
        pixels[i] += (color.red - pixels[i]) * a
        pixels[i + 1] += (color.green - pixels[i + 1]) * a
        pixels[i + 2] += (color.blue - pixels[i + 2]) * a
    }

    /// Fills `rect` (pixels, fractional edges anti-aliased by area coverage) intersected with the clip.
    public mutating func fill(_ rect: Rect, color: Color) {
        let r = rect.intersection(clip)
        guard r.width > 0, r.height > 0 else { return }
        let x0 = Int(r.x.rounded(.down)), x1 = Int((r.x + r.width).rounded(.up))
        let y0 = Int(r.y.rounded(.down)), y1 = Int((r.y + r.height).rounded(.up))
        for y in max(0, y0)..<min(height, max(y1, 0)) {
            let cy = min(Double(y + 1), r.y + r.height) - max(Double(y), r.y)
            guard cy > 0 else { continue }
            for x in max(0, x0)..<min(width, max(x1, 0)) {
                let cx = min(Double(x + 1), r.x + r.width) - max(Double(x), r.x)
                if cx > 0 { blend(x: x, y: y, color: color, coverage: cx * cy) }
            }
        }
    }

    /// Strokes a polyline through `points` (pixels) with `lineWidth` pixels, round joins and caps
    /// (flat "butt" caps at both ends with `buttCaps`, as matplotlib's dashes), anti-aliased;
    /// overlapping segments do not darken a translucent colour twice.
    public mutating func stroke(_ points: [Point], lineWidth: Double, color: Color, buttCaps: Bool = false) {
        guard !points.isEmpty else { return }
        let half = max(lineWidth, 0.5) / 2
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for p in points where p.x.isFinite && p.y.isFinite {
            minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        guard minX.isFinite else { return }
        let box = Rect(x: minX - half - 1, y: minY - half - 1, width: maxX - minX + 2 * half + 2,
                       height: maxY - minY + 2 * half + 2).intersection(clip)
        guard box.width > 0, box.height > 0 else { return }
        let bx = Int(box.x.rounded(.down)), by = Int(box.y.rounded(.down))
        let bw = Int((box.x + box.width).rounded(.up)) - bx, bh = Int((box.y + box.height).rounded(.up)) - by
        var mask = [Double](repeating: 0, count: bw * bh)
        let segments = points.count == 1 ? [(points[0], points[0])] : Array(zip(points, points.dropFirst()))
        for (k, (a, b)) in segments.enumerated() where a.x.isFinite && a.y.isFinite && b.x.isFinite && b.y.isFinite {
            let flatStart = buttCaps && k == 0, flatEnd = buttCaps && k == segments.count - 1
            let sx0 = max(bx, Int((min(a.x, b.x) - half - 1).rounded(.down)))
            let sx1 = min(bx + bw, Int((max(a.x, b.x) + half + 1).rounded(.up)))
            let sy0 = max(by, Int((min(a.y, b.y) - half - 1).rounded(.down)))
            let sy1 = min(by + bh, Int((max(a.y, b.y) + half + 1).rounded(.up)))
            guard sx0 < sx1, sy0 < sy1 else { continue }
            let dx = b.x - a.x, dy = b.y - a.y
            let lengthSquared = dx * dx + dy * dy
            for y in sy0..<sy1 {
                let py = Double(y) + 0.5
                for x in sx0..<sx1 {
                    let px = Double(x) + 0.5
                    let raw = lengthSquared > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / lengthSquared : 0
                    var t = raw
                    var along = 1.0
                    let length = lengthSquared.squareRoot()
                    if flatStart && raw < 0.5 { along = min(along, raw * length + 0.5); t = max(t, raw) }
                    if flatEnd && raw > 0.5 { along = min(along, (1 - raw) * length + 0.5); t = min(t, raw) }
                    if !(flatStart && raw < 0) { t = max(0, t) }
                    if !(flatEnd && raw > 1) { t = min(1, t) }
                    guard along > 0 else { continue }
                    let ex = px - (a.x + t * dx), ey = py - (a.y + t * dy)
                    let distance = (ex * ex + ey * ey).squareRoot()
                    let coverage = min(1, max(0, half + 0.5 - distance), along)
                    let m = (y - by) * bw + (x - bx)
                    if coverage > mask[m] { mask[m] = coverage }
                }
            }
        }
        for y in 0..<bh {
            for x in 0..<bw where mask[y * bw + x] > 0 {
                blend(x: bx + x, y: by + y, color: color, coverage: mask[y * bw + x])
            }
        }
    }

    /// Fills a disc of `radius` pixels centred at `center`, anti-aliased.
    public mutating func fillCircle(center: Point, radius: Double, color: Color) {
        guard center.x.isFinite, center.y.isFinite else { return }
        let x0 = Int((center.x - radius - 1).rounded(.down)), x1 = Int((center.x + radius + 1).rounded(.up))
        let y0 = Int((center.y - radius - 1).rounded(.down)), y1 = Int((center.y + radius + 1).rounded(.up))
        guard x0 < width, y0 < height, x1 > 0, y1 > 0 else { return }
        for y in max(0, y0)..<min(height, y1) {
            for x in max(0, x0)..<min(width, x1) {
                let dx = Double(x) + 0.5 - center.x, dy = Double(y) + 0.5 - center.y
                let coverage = radius + 0.5 - (dx * dx + dy * dy).squareRoot()
                if coverage > 0 { blend(x: x, y: y, color: color, coverage: coverage) }
            }
        }
    }

    /// Blends a coverage mask (`[mask.height, mask.width]`, 0...1) with its top-left at pixel
    /// `(x, y)` in `color` (used for text).
    public mutating func draw(_ mask: CoverageMask, x: Int, y: Int, color: Color) {
        for row in 0..<mask.height {
            for column in 0..<mask.width {
                let coverage = mask.values[row * mask.width + column]
                if coverage > 0 { blend(x: x + column, y: y + row, color: color, coverage: coverage) }
            }
        }
    }

    /// The pixels as 8-bit RGBA (alpha 255), `[height, width, 4]` row-major, for PNG encoding.
    public func rgba8() -> [UInt8] {
        var bytes = [UInt8](repeating: 255, count: width * height * 4)
        for i in 0..<(width * height) {
            for c in 0..<3 {
                bytes[4 * i + c] = UInt8(min(255, max(0, (pixels[3 * i + c] * 255).rounded())))
            }
        }
        return bytes
    }
}

/// A point in pixels (or any 2-D space).
public struct Point: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle: origin `(x, y)` and a non-negative size.
public struct Rect: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The overlap of two rectangles (zero size when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        return Rect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }
}

/// A grey coverage image (0 = empty, 1 = fully covered): rendered text.
public struct CoverageMask: Sendable {
    public var width: Int
    public var height: Int
    /// `[height, width]` row-major.
    public var values: [Double]

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        values = [Double](repeating: 0, count: width * height)
    }

    /// The mask turned `degrees` counter-clockwise about its centre, bilinearly resampled, in a
    /// box just large enough to hold it (used for slanted tick labels).
    public func rotated(degrees: Double) -> CoverageMask {
        let normalized = degrees.truncatingRemainder(dividingBy: 360)
        if normalized == 0 { return self }
        if normalized == 90 || normalized == -270 { return rotatedCounterClockwise() }
        let angle = normalized * Double.pi / 180
        let c = cos(angle), s = sin(angle)
        let w = Double(width), h = Double(height)
        let outWidth = Int((abs(w * c) + abs(h * s)).rounded(.up)), outHeight = Int((abs(w * s) + abs(h * c)).rounded(.up))
        var out = CoverageMask(width: max(1, outWidth), height: max(1, outHeight))
        let cx = w / 2, cy = h / 2, ox = Double(out.width) / 2, oy = Double(out.height) / 2
        func sample(_ x: Double, _ y: Double) -> Double {
            let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
            let fx = x - Double(x0), fy = y - Double(y0)
            func at(_ xi: Int, _ yi: Int) -> Double {
                (xi >= 0 && yi >= 0 && xi < width && yi < height) ? values[yi * width + xi] : 0
            }
            return at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy)
                + at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy
        }
        for row in 0..<out.height {
            for column in 0..<out.width {
                // Inverse rotation (image y points down, so counter-clockwise on screen flips the sign).
                let dx = Double(column) + 0.5 - ox, dy = Double(row) + 0.5 - oy
                let sx = c * dx - s * dy + cx - 0.5, sy = s * dx + c * dy + cy - 0.5
                out.values[row * out.width + column] = sample(sx, sy)
            }
        }
        return out
    }

    /// The mask turned a quarter turn counter-clockwise (text reading bottom to top).
    public func rotatedCounterClockwise() -> CoverageMask {
        var out = CoverageMask(width: height, height: width)
        for row in 0..<height {
            for column in 0..<width {
                out.values[(width - 1 - column) * out.width + row] = values[row * width + column]
            }
        }
        return out
    }
}
