import Foundation

/// numpy 1.x's printed forms of arrays (`repr` → `array([1.5, 2. ])`, `str` → `[1.5 2. ]`)
/// and Python's `repr(float)`. Follows numpy's `array2string` defaults: precision 8,
/// floatmode 'maxprec', linewidth 75, threshold 1000, edgeitems 3, legacy=False (1.14+ rules).
public enum NDArrayFormatter {
    /// Shortest round-trip decimal digits of a float and its decimal exponent:
    /// value = d0.d1d2… × 10^exponent. Zero → (["0"], 0).
    static func decimalDigits(_ text: String) -> (digits: [UInt8], exponent: Int) {
        var mantissa = text, exponentPart = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponentPart = Int(text[text.index(after: e)...]) ?? 0
        }
        if mantissa.hasPrefix("-") { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = Array(parts[0].utf8), fracPart = parts.count > 1 ? Array(parts[1].utf8) : []
        var all = intPart + fracPart
        var exponent = intPart.count - 1 + exponentPart
        while let first = all.first, first == UInt8(ascii: "0"), all.count > 1 {
            all.removeFirst()
            exponent -= 1
        }
        while let last = all.last, last == UInt8(ascii: "0"), all.count > 1 { all.removeLast() }
        if all == [UInt8(ascii: "0")] { exponent = 0 }
        return (all.map { $0 - UInt8(ascii: "0") }, exponent)
    }

    /// Python's `repr(float)`: shortest round-trip digits; scientific when the exponent is < -4
    /// or >= 16 (`1e-05`, `1e+16`), else positional with at least one fractional digit (`1.0`).
    public static func pythonRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return format(digitsOf: "\(value)", negative: value.sign == .minus, pythonStyle: true)
    }

    /// The shortest repr of a float32 value in Python's style (numpy's `str(np.float32(x))`).
    public static func shortest(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return format(digitsOf: "\(value)", negative: value.sign == .minus, pythonStyle: true)
    }

    private static func format(digitsOf text: String, negative: Bool, pythonStyle: Bool) -> String {
        let (digits, exponent) = decimalDigits(text)
        let d = digits.map { String($0) }.joined()
        let sign = negative ? "-" : ""
        if exponent < -4 || exponent >= 16 {
            let mantissa = d.count == 1 ? d : String(d.prefix(1)) + "." + String(d.dropFirst())
            let e = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(e)"
        }
        let (i, f) = positionalParts(digits, exponent)
        return "\(sign)\(i).\(f.isEmpty ? "0" : f)"
    }

    /// Integer and fraction digit strings of a positional rendering.
    static func positionalParts(_ digits: [UInt8], _ exponent: Int) -> (String, String) {
        let text = digits.map { String($0) }.joined()
        if exponent < 0 {
            return ("0", String(repeating: "0", count: -exponent - 1) + text)
        }
        if text.count <= exponent + 1 {
            return (text + String(repeating: "0", count: exponent + 1 - text.count), "")
        }
        let cut = text.index(text.startIndex, offsetBy: exponent + 1)
        return (String(text[..<cut]), String(text[cut...]))
    }

    /// numpy's `dragon4_positional(unique=True, precision=p, trim='.')`: (sign+integer, fraction).
    static func positional(_ value: Double, shortestText: String, precision: Int) -> (String, String) {
        let (digits, exponent) = decimalDigits(shortestText)
        let fractionCount = max(0, digits.count - (exponent + 1))
        let sign = value.sign == .minus ? "-" : ""
        if fractionCount <= precision {
            let (i, f) = positionalParts(digits, exponent)
            return (sign + i, f)
        }
        var rendered = String(format: "%.\(precision)f", value)
        if rendered.hasPrefix("-") { rendered.removeFirst() }
        let parts = rendered.split(separator: ".", omittingEmptySubsequences: false)
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (sign + String(parts[0]), fraction)
    }

    /// numpy's `dragon4_scientific(unique=True, precision=p, trim='.')`:
    /// (sign+leading digit, fraction digits, exponent).
    static func scientific(_ value: Double, shortestText: String, precision: Int) -> (String, String, Int) {
        var (digits, exponent) = decimalDigits(shortestText)
        let sign = value.sign == .minus ? "-" : ""
        if digits.count - 1 > precision {
            let rendered = String(format: "%.\(precision)e", Swift.abs(value))
            (digits, exponent) = decimalDigits(rendered)
        }
        let text = digits.map { String($0) }.joined()
        return (sign + String(text.prefix(1)), String(text.dropFirst()), exponent)
    }

    // MARK: Element formatters

    /// Builds numpy's per-dtype element formatter from the (possibly summarised) data.
    static func elementFormatter(_ array: NDArray, sample: [Int]) -> (Int) -> String {
        switch array.storage {
        case .int64(let a):
            let values = sample.map { a[$0] }
            let width = max(String(values.max() ?? 0).count, String(values.min() ?? 0).count)
            return { i in pad(String(a[i]), width) }
        case .bool(let a):
            let trueText = array.shape.isEmpty ? "True" : " True"
            return { i in a[i] ? trueText : "False" }
        case .string(let a):
            return { i in quote(a[i]) }
        case .float64(let a):
            let format = FloatFormat(values: sample.map { a[$0] }, texts: sample.map { "\(a[$0])" })
            return { i in format.render(a[i], text: "\(a[i])") }
        case .float32(let a):
            let format = FloatFormat(values: sample.map { Double(a[$0]) }, texts: sample.map { "\(a[$0])" })
            return { i in format.render(Double(a[i]), text: "\(a[i])") }
        }
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// Python's `repr(str)`.
    public static func quote(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case q: out += "\\\(q)"
            default: out.append(ch)
            }
        }
        out.append(q)
        return out
    }

    /// numpy's `FloatingFormat` (floatmode 'maxprec', precision 8, sign '-').
    struct FloatFormat {
        var exponential = false
        var padLeft = 0, padRight = 0, precision = 8, exponentSize = -1

        init(values: [Double], texts: [String]) {
            let finite = values.indices.filter { values[$0].isFinite }
            let nonZero = finite.map { Swift.abs(values[$0]) }.filter { $0 != 0 }
            if let maxValue = nonZero.max(), let minValue = nonZero.min() {
                exponential = maxValue >= 1e8 || minValue < 0.0001 || maxValue / minValue > 1000
            }
            if !finite.isEmpty {
                if exponential {
                    let parts = finite.map { NDArrayFormatter.scientific(values[$0], shortestText: texts[$0], precision: 8) }
                    precision = parts.map { $0.1.count }.max() ?? 0
                    exponentSize = parts.map { String(Swift.abs($0.2)).count }.max().map { max($0, 2) } ?? 2
                    padLeft = parts.map { $0.0.count }.max() ?? 0
                    padRight = exponentSize + 2 + precision
                } else {
                    let parts = finite.map { NDArrayFormatter.positional(values[$0], shortestText: texts[$0], precision: 8) }
                    padLeft = parts.map { $0.0.count }.max() ?? 0
                    padRight = parts.map { $0.1.count }.max() ?? 0
                }
            }
            if finite.count != values.count {
                let negativeInfinity = values.contains { $0.isInfinite && $0 < 0 }
                let offset = padRight + 1
                padLeft = max(padLeft, 3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset)
            }
        }

        func render(_ value: Double, text: String) -> String {
            if !value.isFinite {
                let s = value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
                return NDArrayFormatter.pad(s, padLeft + padRight + 1)
            }
            if exponential {
                let (lead, fraction, exponent) = NDArrayFormatter.scientific(value, shortestText: text, precision: 8)
                var frac = fraction
                if frac.count < precision { frac += String(repeating: "0", count: precision - frac.count) }
                let e = String(Swift.abs(exponent))
                let digits = String(repeating: "0", count: max(0, exponentSize - e.count)) + e
                return NDArrayFormatter.pad(lead, padLeft) + "." + frac + "e" + (exponent < 0 ? "-" : "+") + digits
            }
            let (integer, fraction) = NDArrayFormatter.positional(value, shortestText: text, precision: 8)
            return NDArrayFormatter.pad(integer, padLeft) + "." + fraction
                + String(repeating: " ", count: max(0, padRight - fraction.count))
        }
    }

    // MARK: Layout (numpy's _formatArray)

    static let threshold = 1000, edgeItems = 3

    /// The flat indices numpy formats from: edge items of each axis when summarising.
    static func sampleIndices(shape: [Int], summarize: Bool) -> [Int] {
        let strides = NDArray.strides(of: shape)
        var result = [0]
        for (dim, stride) in zip(shape, strides) {
            let picks = summarize && dim > 2 * edgeItems
                ? Array(0..<edgeItems) + Array((dim - edgeItems)..<dim) : Array(0..<dim)
            result = result.flatMap { base in picks.map { base + $0 * stride } }
        }
        return result
    }

    static func rstrip(_ s: String) -> String {
        var s = s
        while let last = s.last, last == " " || last == "\n" { s.removeLast() }
        return s
    }

    /// numpy's `array2string` body for `array` with a separator and prefix width.
    static func arrayString(_ array: NDArray, separator: String, prefix: String, lineWidth: Int) -> String {
        if array.count == 0 { return "[]" }
        let summarize = array.count > threshold
        let format = elementFormatter(array, sample: sampleIndices(shape: array.shape, summarize: summarize))
        let shape = array.shape, strides = NDArray.strides(of: shape)
        let nextLinePrefix = " " + String(repeating: " ", count: prefix.count)
        let trimmedSeparator = rstrip(separator)

        func extend(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ indent: String) {
            var needsWrap = line.count + word.count > width
            if line.count <= indent.count { needsWrap = false }
            if needsWrap {
                s += rstrip(line) + "\n"
                line = indent
            }
            line += word
        }

        func recurse(_ axis: Int, _ offset: Int, _ indent: String, _ width: Int) -> String {
            if axis == shape.count { return format(offset) }
            let nextIndent = indent + " ", nextWidth = width - 1
            let n = shape[axis], stride = strides[axis]
            let summary = summarize && 2 * edgeItems < n
            let leading = summary ? edgeItems : 0, trailing = summary ? edgeItems : n
            var s = ""
            if shape.count - axis == 1 {
                let elementWidth = width - max(trimmedSeparator.count, 1)
                var line = indent
                for i in 0..<leading {
                    extend(&s, &line, recurse(axis + 1, offset + i * stride, nextIndent, nextWidth), elementWidth, indent)
                    line += separator
                }
                if summary {
                    extend(&s, &line, "...", elementWidth, indent)
                    line += separator
                }
                for i in Swift.stride(from: trailing, to: 1, by: -1) {
                    extend(&s, &line, recurse(axis + 1, offset + (n - i) * stride, nextIndent, nextWidth), elementWidth, indent)
                    line += separator
                }
                extend(&s, &line, recurse(axis + 1, offset + (n - 1) * stride, nextIndent, nextWidth), elementWidth, indent)
                s += line
            } else {
                let lineSeparator = trimmedSeparator + String(repeating: "\n", count: shape.count - axis - 1)
                for i in 0..<leading {
                    s += indent + recurse(axis + 1, offset + i * stride, nextIndent, nextWidth) + lineSeparator
                }
                if summary { s += indent + "..." + lineSeparator }
                for i in Swift.stride(from: trailing, to: 1, by: -1) {
                    s += indent + recurse(axis + 1, offset + (n - i) * stride, nextIndent, nextWidth) + lineSeparator
                }
                s += indent + recurse(axis + 1, offset + (n - 1) * stride, nextIndent, nextWidth)
            }
            return "[" + String(s.dropFirst(indent.count)) + "]"
        }
        return recurse(0, 0, nextLinePrefix, lineWidth)
    }

    /// numpy's `repr(array)`: `array([1, 2, 3])`, `array([1.5, 2. ], dtype=float32)`,
    /// `array(['a', 'b'], dtype='<U1')`, `array([], dtype=float64)`.
    public static func repr(_ array: NDArray) -> String {
        let prefix = "array("
        let body = arrayString(array, separator: ", ", prefix: prefix, lineWidth: 75 - 1)
        var extras: [String] = []
        if array.count == 0 && array.shape != [0] { extras.append("shape=\(NDArray.describe(shape: array.shape))") }
        let implied = array.dtype == .float64 || array.dtype == .int64 || array.dtype == .bool
        if !implied || array.count == 0 {
            extras.append(array.dtype == .string ? "dtype='\(array.dtypeDescription)'" : "dtype=\(array.dtype.name)")
        }
        if extras.isEmpty { return prefix + body + ")" }
        let head = prefix + body + ","
        let extra = extras.joined(separator: ", ") + ")"
        let lastLine = head.count - ((head.lastIndex(of: "\n").map { head.distance(from: head.startIndex, to: $0) + 1 }) ?? 0)
        let spacer = lastLine + extra.count + 1 > 75 ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return head + spacer + extra
    }

    /// numpy's `str(array)`: `[1 2 3]`; a 0-d array prints its scalar.
    public static func str(_ array: NDArray) -> String {
        if array.shape.isEmpty, array.count == 1 { return scalarString(array.scalar(at: 0)) }
        return arrayString(array, separator: " ", prefix: "", lineWidth: 75)
    }

    /// How a numpy scalar prints (numpy 1.x: like the Python value; float32 by its shortest digits).
    public static func scalarString(_ scalar: NDArrayScalar) -> String {
        switch scalar {
        case .float64(let v): return pythonRepr(v)
        case .float32(let v): return shortest(v)
        case .int64(let v): return String(v)
        case .bool(let v): return v ? "True" : "False"
        case .string(let v): return v
        }
    }
}

extension NDArray: CustomStringConvertible, CustomDebugStringConvertible {
    /// numpy's `str(a)`.
    public var description: String { NDArrayFormatter.str(self) }
    /// numpy's `repr(a)`.
    public var debugDescription: String { NDArrayFormatter.repr(self) }
}
