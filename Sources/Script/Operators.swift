#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's arithmetic, comparison and truth rules for the built-in value types; objects are
/// asked through `ScriptObject.binary`/`compare`/`unary` (with the reflected fallback).
extension Interpreter {
    /// `left op right` with Python's semantics: int arithmetic with floor division/modulo signs
    /// and `OverflowError` instead of wrapping, true division to float, sequence repetition and
    /// concatenation, set/dict operators, `%` formatting; objects through `ScriptObject.binary`
    /// (then the reflected operation on the right operand).
    /// - Throws: `TypeError` "unsupported operand type(s) for +: 'int' and 'str'",
    ///   `ZeroDivisionError`, `OverflowError`.
    public func binaryOperation(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            return try integerOperation(op, a, b)
        case (.float(let a), .float(let b)):
            if let r = try floatOperation(op, a, b) { return r }
        case (.int(let a), .float(let b)):
            if let r = try floatOperation(op, Double(a), b) { return r }
        case (.float(let a), .int(let b)):
            if let r = try floatOperation(op, a, Double(b)) { return r }
        case (.bool(let a), .bool(let b)) where op == .bitAnd || op == .bitOr || op == .bitXor:
            switch op {
            case .bitAnd: return .bool(a && b)
            case .bitOr: return .bool(a || b)
            default: return .bool(a != b)
            }
        case (.bool, _), (_, .bool):
            if let l = left.numericPromotingBool, let r = right.numericPromotingBool, l.isNumber, r.isNumber {
                return try binaryOperation(op, l, r)
            }
        default:
            break
        }
        if case .object(let object) = left, let result = try object.binary(op, right, reflected: false) {
            return result
        }
        if case .object(let object) = right, let result = try object.binary(op, left, reflected: true) {
            return result
        }
        if let result = try sequenceOperation(op, left, right) { return result }
        throw operandError(op, left, right)
    }

    private func operandError(_ op: BinaryOperator, _ left: Value, _ right: Value) -> ScriptError {
        if op == .add, case .str = left {
            return ScriptError(.typeError, "can only concatenate str (not \"\(right.typeName)\") to str")
        }
        if op == .add, case .list = left {
            return ScriptError(.typeError, "can only concatenate list (not \"\(right.typeName)\") to list")
        }
        if op == .add, case .tuple = left {
            return ScriptError(.typeError, "can only concatenate tuple (not \"\(right.typeName)\") to tuple")
        }
        if op == .multiply, left.isSequence || right.isSequence, left.isNumber || right.isNumber {
            let other = left.isSequence ? right : left
            return ScriptError(.typeError, "can't multiply sequence by non-int of type '\(other.typeName)'")
        }
        let symbol = op == .power ? "** or pow()" : op.rawValue
        return ScriptError(.typeError, "unsupported operand type(s) for \(symbol): '\(left.typeName)' and '\(right.typeName)'")
    }

    private func integerOperation(_ op: BinaryOperator, _ a: Int, _ b: Int) throws -> Value {
        func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> Value {
            if r.overflow { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
            return .int(r.partialValue)
        }
        switch op {
        case .add: return try checked(a.addingReportingOverflow(b))
        case .subtract: return try checked(a.subtractingReportingOverflow(b))
        case .multiply: return try checked(a.multipliedReportingOverflow(by: b))
        case .trueDivide:
            if b == 0 { throw ScriptError(.zeroDivisionError, "division by zero") }
            return .float(Double(a) / Double(b))
        case .floorDivide:
            if b == 0 { throw ScriptError(.zeroDivisionError, "integer division or modulo by zero") }
            if a == Int.min && b == -1 { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
            var q = a / b
            if a % b != 0 && ((a < 0) != (b < 0)) { q -= 1 }
            return .int(q)
        case .modulo:
            if b == 0 { throw ScriptError(.zeroDivisionError, "integer modulo by zero") }
            if b == -1 { return .int(0) }
            var r = a % b
            if r != 0 && ((r < 0) != (b < 0)) { r += b }
            return .int(r)
        case .power:
            if b < 0 {
                if a == 0 { throw ScriptError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
                return .float(pow(Double(a), Double(b)))
            }
            var result = 1
            var base = a
            var exponent = b
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let r = result.multipliedReportingOverflow(by: base)
                    if r.overflow { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
                    result = r.partialValue
                }
                exponent >>= 1
                if exponent > 0 {
                    let r = base.multipliedReportingOverflow(by: base)
                    if r.overflow { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
                    base = r.partialValue
                }
            }
            return .int(result)
        case .bitAnd: return .int(a & b)
        case .bitOr: return .int(a | b)
        case .bitXor: return .int(a ^ b)
        case .leftShift:
            if b < 0 { throw ScriptError(.valueError, "negative shift count") }
            if a == 0 { return .int(0) }
            if b >= 63 || (a << b) >> b != a { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
            return .int(a << b)
        case .rightShift:
            if b < 0 { throw ScriptError(.valueError, "negative shift count") }
            return .int(b >= 64 ? (a < 0 ? -1 : 0) : a >> b)
        case .matrixMultiply:
            throw operandError(op, .int(a), .int(b))
        }
    }

    private func floatOperation(_ op: BinaryOperator, _ a: Double, _ b: Double) throws -> Value? {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .trueDivide:
            if b == 0 { throw ScriptError(.zeroDivisionError, "float division by zero") }
            return .float(a / b)
        case .floorDivide:
            if b == 0 { throw ScriptError(.zeroDivisionError, "float floor division by zero") }
            return .float(floorDivide(a, b))
        case .modulo:
            if b == 0 { throw ScriptError(.zeroDivisionError, "float modulo") }
            return .float(floatModulo(a, b))
        case .power:
            if a == 0 && b < 0 { throw ScriptError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
            if a < 0 && b != b.rounded() && b.isFinite {
                throw ScriptError(.valueError, "math domain error (a negative number to a fractional power is complex, which Factorize does not support)")
            }
            let r = pow(a, b)
            if r.isInfinite && a.isFinite && b.isFinite { throw ScriptError(.overflowError, "(34, 'Numerical result out of range')") }
            return .float(r)
        default:
            return nil
        }
    }

    private func floatModulo(_ a: Double, _ b: Double) -> Double {
        var r = fmod(a, b)
        if r != 0 {
            if (b < 0) != (r < 0) { r += b }
        } else {
            r = b < 0 ? -0.0 : 0.0
        }
        return r
    }

    private func floorDivide(_ a: Double, _ b: Double) -> Double {
        let mod = fmod(a, b)
        var div = (a - mod) / b
        if mod != 0 && ((b < 0) != (mod < 0)) { div -= 1 }
        if div == 0 { return a / b < 0 ? -0.0 : 0.0 }
        let floored = div.rounded(.down)
        return div - floored > 0.5 ? floored + 1 : floored
    }

    /// `+` and `*` on str/list/tuple, `%` formatting, set and dict operators.
    private func sequenceOperation(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value? {
        func repeated<T>(_ items: [T], _ count: Int) throws -> [T] {
            if count <= 0 || items.isEmpty { return [] }
            if items.count.multipliedReportingOverflow(by: count).overflow || items.count * count > 500_000_000 {
                throw ScriptError(.memoryError, "")
            }
            return Array(repeating: items, count: count).flatMap { $0 }
        }
        switch (op, left, right) {
        case (.add, .str(let a), .str(let b)): return .str(a + b)
        case (.add, .list(let a), .list(let b)): return .list(ListObject(a.items + b.items))
        case (.add, .tuple(let a), .tuple(let b)): return .tuple(a + b)
        case (.multiply, .str(let s), _):
            guard let n = right.asIndex else { return nil }
            return .str(String(try repeated(Array(s), n)))
        case (.multiply, _, .str(let s)):
            guard let n = left.asIndex else { return nil }
            return .str(String(try repeated(Array(s), n)))
        case (.multiply, .list(let l), _):
            guard let n = right.asIndex else { return nil }
            return .list(ListObject(try repeated(l.items, n)))
        case (.multiply, _, .list(let l)):
            guard let n = left.asIndex else { return nil }
            return .list(ListObject(try repeated(l.items, n)))
        case (.multiply, .tuple(let t), _):
            guard let n = right.asIndex else { return nil }
            return .tuple(try repeated(t, n))
        case (.multiply, _, .tuple(let t)):
            guard let n = left.asIndex else { return nil }
            return .tuple(try repeated(t, n))
        case (.modulo, .str(let format), _):
            return .str(try percentFormat(format, right))
        case (_, .set(let a), .set(let b)):
            let result = SetObject()
            switch op {
            case .bitOr:
                for m in a.members { try result.insert(m) }
                for m in b.members { try result.insert(m) }
            case .bitAnd:
                for m in a.members where try b.contains(m) { try result.insert(m) }
            case .subtract:
                for m in a.members where !(try b.contains(m)) { try result.insert(m) }
            case .bitXor:
                for m in a.members where !(try b.contains(m)) { try result.insert(m) }
                for m in b.members where !(try a.contains(m)) { try result.insert(m) }
            default: return nil
            }
            return .set(result)
        case (.bitOr, .dict(let a), .dict(let b)):
            let result = DictObject()
            for (k, v) in a.items { try result.set(k, v) }
            for (k, v) in b.items { try result.set(k, v) }
            return .dict(result)
        default:
            return nil
        }
    }

    /// `op value` (`-x`, `+x`, `~x`); objects through `ScriptObject.unary`.
    /// - Throws: `TypeError` "bad operand type for unary -: 'str'".
    public func unaryOperation(_ op: UnaryOperator, _ value: Value) throws -> Value {
        switch (op, value) {
        case (.negate, .int(let i)):
            if i == Int.min { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
            return .int(-i)
        case (.negate, .float(let d)): return .float(-d)
        case (.negate, .bool(let b)): return .int(b ? -1 : 0)
        case (.plus, .int), (.plus, .float): return value
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bool(let b)): return .int(~(b ? 1 : 0))
        case (_, .object(let object)):
            if let result = try object.unary(op) { return result }
        default: break
        }
        let name = op == .negate ? "unary -" : (op == .plus ? "unary +" : "unary ~")
        throw ScriptError(.typeError, "bad operand type for \(name): '\(value.typeName)'")
    }

    /// Python's truth value.
    public func isTruthy(_ value: Value) throws -> Bool {
        switch value {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d): return d.count > 0
        case .set(let s): return s.count > 0
        case .object(let o):
            if let t = try o.truth() { return t }
            if let n = try o.length() { return n != 0 }
            return true
        }
    }

    // MARK: - Comparisons

    func compareValues(_ op: CompareOperator, _ left: Value, _ right: Value) throws -> Value {
        switch op {
        case .compare(let c): return try richCompare(c, left, right)
        case .isIn: return .bool(try contains(right, left))
        case .notIn: return .bool(!(try contains(right, left)))
        case .isSame: return .bool(isIdentical(left, right))
        case .isNotSame: return .bool(!isIdentical(left, right))
        }
    }

    /// `left op right` for `< <= > >= == !=`.
    public func richCompare(_ op: ComparisonOperator, _ left: Value, _ right: Value) throws -> Value {
        if case .object(let object) = left, let result = try object.compare(op, right) { return result }
        if case .object(let object) = right, let result = try object.compare(op.swapped, left) { return result }
        switch op {
        case .equal: return .bool(try valuesEqual(left, right))
        case .notEqual: return .bool(!(try valuesEqual(left, right)))
        default:
            guard let order = try ordering(left, right, op) else {
                throw ScriptError(.typeError, "'\(op.rawValue)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'")
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
    }

    /// Python's `==` for values (structural for containers; objects through `compare`).
    public func valuesEqual(_ left: Value, _ right: Value, depth: Int = 0) throws -> Bool {
        if depth > 500 { throw ScriptError(.runtimeError, "maximum recursion depth exceeded in comparison") }
        switch (left, right) {
        case (.none, .none): return true
        case (.str(let a), .str(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.list(let a), .list(let b)):
            if a === b { return true }
            return try sequencesEqual(a.items, b.items, depth)
        case (.tuple(let a), .tuple(let b)): return try sequencesEqual(a, b, depth)
        case (.dict(let a), .dict(let b)):
            if a === b { return true }
            guard a.count == b.count else { return false }
            for (k, v) in a.items {
                guard let other = try b.get(k), try valuesEqual(v, other, depth: depth + 1) else { return false }
            }
            return true
        case (.set(let a), .set(let b)):
            guard a.count == b.count else { return false }
            for m in a.members where !(try b.contains(m)) { return false }
            return true
        case (.object(let a), _):
            if let result = try a.compare(.equal, right) { return try isTruthy(result) }
            if case .object(let b) = right {
                if let result = try b.compare(.equal, left) { return try isTruthy(result) }
                return a === b
            }
            return false
        case (_, .object(let b)):
            if let result = try b.compare(.equal, left) { return try isTruthy(result) }
            return false
        default:
            if let a = left.numericPromotingBool, let b = right.numericPromotingBool, a.isNumber, b.isNumber {
                switch (a, b) {
                case (.int(let x), .int(let y)): return x == y
                default: return (a.asDouble ?? .nan) == (b.asDouble ?? .nan)
                }
            }
            return false
        }
    }

    private func sequencesEqual(_ a: [Value], _ b: [Value], _ depth: Int) throws -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where !(try valuesEqual(x, y, depth: depth + 1)) { return false }
        return true
    }

    /// -1, 0 or 1, or `nil` when the types cannot be ordered.
    func ordering(_ left: Value, _ right: Value, _ op: ComparisonOperator = .less) throws -> Int? {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.str(let a), .str(let b)):
            // Python compares strings by code point.
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : (a == b ? 0 : 1)
        case (.list(let a), .list(let b)): return try sequenceOrdering(a.items, b.items, op)
        case (.tuple(let a), .tuple(let b)): return try sequenceOrdering(a, b, op)
        case (.set(let a), .set(let b)):
            var subset = true
            for m in a.members where !(try b.contains(m)) { subset = false }
            var superset = true
            for m in b.members where !(try a.contains(m)) { superset = false }
            if subset && superset { return 0 }
            if subset { return -1 }
            if superset { return 1 }
            return op == .less || op == .lessOrEqual ? 1 : -1
        default:
            guard let a = left.numericPromotingBool?.asDouble, let b = right.numericPromotingBool?.asDouble else { return nil }
            if a.isNaN || b.isNaN {
                // Every ordered comparison with nan is False.
                return op == .less || op == .lessOrEqual ? 1 : -1
            }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    private func sequenceOrdering(_ a: [Value], _ b: [Value], _ op: ComparisonOperator) throws -> Int? {
        for (x, y) in zip(a, b) where !(try valuesEqual(x, y)) {
            if try isTruthy(try richCompare(.less, x, y)) { return -1 }
            return 1
        }
        return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
    }

    /// Python's `is`: identity for reference types, value identity for small immutables.
    func isIdentical(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.str(let a), .str(let b)): return a == b
        case (.list(let a), .list(let b)): return a === b
        case (.dict(let a), .dict(let b)): return a === b
        case (.set(let a), .set(let b)): return a === b
        case (.tuple(let a), .tuple(let b)): return a.isEmpty && b.isEmpty
        case (.object(let a), .object(let b)): return a === b
        default: return false
        }
    }

    /// `needle in container`.
    public func contains(_ container: Value, _ needle: Value) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = needle else {
                throw ScriptError(.typeError, "'in <string>' requires string as left operand, not \(needle.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .list(let l):
            for item in l.items where try valuesEqual(item, needle) { return true }
            return false
        case .tuple(let t):
            for item in t where try valuesEqual(item, needle) { return true }
            return false
        case .dict(let d): return try d.get(needle) != nil
        case .set(let s): return try s.contains(needle)
        case .object(let o):
            if let result = try o.contains(needle) { return result }
            guard let items = try o.iterate(interpreter: self) else {
                throw ScriptError(.typeError, "argument of type '\(o.typeName)' is not iterable")
            }
            for item in items where try valuesEqual(item, needle) { return true }
            return false
        default:
            throw ScriptError(.typeError, "argument of type '\(container.typeName)' is not iterable")
        }
    }
}

extension ComparisonOperator {
    /// The operator with its operands exchanged (`a < b` ⇔ `b > a`).
    var swapped: ComparisonOperator {
        switch self {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        case .equal, .notEqual: return self
        }
    }
}

extension Value {
    var isNumber: Bool {
        switch self {
        case .int, .float, .bool: return true
        default: return false
        }
    }

    var isSequence: Bool {
        switch self {
        case .str, .list, .tuple: return true
        default: return false
        }
    }

    /// `bool` as `int`, numbers unchanged, anything else `nil`.
    var numericPromotingBool: Value? {
        switch self {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int, .float: return self
        default: return nil
        }
    }

    var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
}
