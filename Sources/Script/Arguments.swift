/// The arguments of a call: positional values, then keyword values in the order written.
public struct Arguments {
    public var positional: [Value]
    public var keywords: [(name: String, value: Value)]

    public init(_ positional: [Value] = [], keywords: [(name: String, value: Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// Binds the arguments to a Python signature, as CPython does for a function
    /// `def name(p0, p1=…, …)`: each parameter takes the positional value at its index or the
    /// keyword of its name.
    ///
    /// - Parameters:
    ///   - function: the callee's name, for messages (`"randint"`).
    ///   - parameters: the parameter names, in order.
    ///   - required: how many leading parameters must be given.
    ///   - acceptsExtraKeywords: when true, unknown keywords are returned in `extra` instead of
    ///     rejected (for `**kwargs`-style built-ins).
    /// - Returns: one entry per parameter (`nil` when not given), and the extra keywords.
    /// - Throws: `TypeError` naming the function and the argument, exactly like CPython:
    ///   `randint() got an unexpected keyword argument 'sise'`, `… takes at most 3 positional
    ///   arguments (4 given)`, `… missing required argument 'low'`, `… got multiple values for
    ///   argument 'size'`.
    public func bind(_ function: String, _ parameters: [String], required: Int = 0,
                     acceptsExtraKeywords: Bool = false) throws -> BoundArguments {
        if positional.count > parameters.count {
            throw ScriptError(.typeError,
                "\(function)() takes at most \(parameters.count) positional argument\(parameters.count == 1 ? "" : "s") (\(positional.count) given)")
        }
        var values = [Value?](repeating: nil, count: parameters.count)
        for (i, v) in positional.enumerated() { values[i] = v }
        var extra: [(name: String, value: Value)] = []
        for (name, value) in keywords {
            guard let i = parameters.firstIndex(of: name) else {
                if acceptsExtraKeywords { extra.append((name, value)); continue }
                throw ScriptError(.typeError, "\(function)() got an unexpected keyword argument '\(name)'")
            }
            if values[i] != nil {
                throw ScriptError(.typeError, "\(function)() got multiple values for argument '\(name)'")
            }
            values[i] = value
        }
        for i in 0..<required where values[i] == nil {
            throw ScriptError(.typeError, "\(function)() missing required argument '\(parameters[i])' (pos \(i + 1))")
        }
        return BoundArguments(function: function, names: parameters, values: values, extra: extra)
    }
}

/// Arguments bound to parameter names by `Arguments.bind`.
public struct BoundArguments {
    public let function: String
    public let names: [String]
    public let values: [Value?]
    public let extra: [(name: String, value: Value)]

    /// The value of parameter `name`, or `nil` when it was not given (or given as `None`
    /// when `noneIsAbsent`).
    public subscript(_ name: String) -> Value? {
        guard let i = names.firstIndex(of: name), let v = values[i] else { return nil }
        return v
    }

    /// The value of `name`, treating an explicit `None` like an absent argument.
    public func optional(_ name: String) -> Value? {
        if case .none? = self[name] { return nil }
        return self[name]
    }
}
