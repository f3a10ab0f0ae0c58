/// A value of the command language (LANGUAGE.md, "Values and their printed forms").
///
/// Scalars and Python's containers are cases; everything else — functions, modules, ndarrays,
/// DataFrames, symbols, modules of MXNet — is an `.object` behind the `ScriptObject` protocol,
/// so the interpreter knows no numerics.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(String)
    /// A mutable list, shared by reference as in Python.
    case list(ListObject)
    case tuple([Value])
    /// A dict in insertion order, shared by reference as in Python.
    case dict(DictObject)
    /// A mutable set, shared by reference as in Python.
    case set(SetObject)
    case object(ScriptObject)
}

/// Python's `list`: a reference to a growable array of values.
public final class ListObject {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
}

/// A hashable image of a value, for dict keys and set members.
///
/// Follows Python's equality: `1`, `1.0` and `True` are the same key.
public enum HashKey: Hashable {
    case none
    case int(Int)
    case float(Double)
    case str(String)
    case tuple([HashKey])
    /// An object hashed by identity (functions, modules, symbols).
    case identity(ObjectIdentifier)

    /// The key of `value`, or `nil` when the value is unhashable (list, dict, set, ndarray).
    public init?(_ value: Value) {
        switch value {
        case .none: self = .none
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let i): self = .int(i)
        case .float(let d):
            if d.rounded() == d, abs(d) < 9.2e18 { self = .int(Int(d)) } else { self = .float(d) }
        case .str(let s): self = .str(s)
        case .tuple(let items):
            var keys: [HashKey] = []
            keys.reserveCapacity(items.count)
            for item in items {
                guard let key = HashKey(item) else { return nil }
                keys.append(key)
            }
            self = .tuple(keys)
        case .list, .dict, .set: return nil
        case .object(let object):
            if let hashable = object.hashKey { self = hashable } else { return nil }
        }
    }
}

/// Python's `dict`: insertion-ordered keys and their values.
public final class DictObject {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var index: [HashKey: Int] = [:]

    public init() {}

    public var count: Int { keys.count }

    /// The value stored under `key`, or `nil` when absent.
    /// - Throws: `TypeError` when the key is unhashable.
    public func get(_ key: Value) throws -> Value? {
        guard let hash = HashKey(key) else { throw ScriptError.unhashable(key) }
        return index[hash].map { values[$0] }
    }

    /// Stores `value` under `key`, keeping the first insertion's position.
    /// - Throws: `TypeError` when the key is unhashable.
    public func set(_ key: Value, _ value: Value) throws {
        guard let hash = HashKey(key) else { throw ScriptError.unhashable(key) }
        if let position = index[hash] {
            values[position] = value
        } else {
            index[hash] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    /// Removes `key`; returns its value, or `nil` when absent.
    @discardableResult
    public func remove(_ key: Value) throws -> Value? {
        guard let hash = HashKey(key) else { throw ScriptError.unhashable(key) }
        guard let position = index.removeValue(forKey: hash) else { return nil }
        let removed = values[position]
        keys.remove(at: position)
        values.remove(at: position)
        for (k, p) in index where p > position { index[k] = p - 1 }
        return removed
    }

    /// The (key, value) pairs in insertion order.
    public var items: [(Value, Value)] { Array(zip(keys, values)) }
}

/// Python's `set`, in insertion order (Python's own order is unspecified).
public final class SetObject {
    public private(set) var members: [Value] = []
    private var seen: Set<HashKey> = []

    public init() {}

    public var count: Int { members.count }

    /// Adds `value` if absent. - Throws: `TypeError` when unhashable.
    public func insert(_ value: Value) throws {
        guard let hash = HashKey(value) else { throw ScriptError.unhashable(value) }
        if seen.insert(hash).inserted { members.append(value) }
    }

    /// Whether `value` is a member. - Throws: `TypeError` when unhashable.
    public func contains(_ value: Value) throws -> Bool {
        guard let hash = HashKey(value) else { throw ScriptError.unhashable(value) }
        return seen.contains(hash)
    }

    /// Removes `value`; returns whether it was a member. - Throws: `TypeError` when unhashable.
    @discardableResult
    public func remove(_ value: Value) throws -> Bool {
        guard let hash = HashKey(value) else { throw ScriptError.unhashable(value) }
        guard seen.remove(hash) != nil else { return false }
        members.removeAll { HashKey($0) == hash }
        return true
    }

    /// Removes every member.
    public func removeAll() {
        members.removeAll()
        seen.removeAll()
    }
}
