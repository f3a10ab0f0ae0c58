/// An expression node with the location of its first token.
final class Expr {
    let kind: ExprKind
    let location: SourceLocation
    init(_ kind: ExprKind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// Comparison operators including the membership and identity tests.
enum CompareOperator {
    case compare(ComparisonOperator)
    case isIn, notIn, isSame, isNotSame
}

/// One argument of a call expression.
struct CallArgument {
    enum Kind {
        case positional
        case keyword(String)
        case star
        case doubleStar
    }
    let kind: Kind
    let value: Expr
}

/// A piece of an f-string: literal text, or a replacement field.
enum FormatPart {
    case literal(String)
    /// `{expr!conversion:spec}`; the spec may itself hold fields.
    case field(Expr, conversion: Character?, spec: [FormatPart], selfDocumenting: String?)
}

/// `for target in iterable if cond …` inside a comprehension.
struct ComprehensionClause {
    let target: Expr
    let iterable: Expr
    let conditions: [Expr]
}

enum ComprehensionKind {
    case list, set, dict, generator
}

indirect enum ExprKind {
    case constant(Value)
    case formatString([FormatPart])
    case name(String)
    case tuple([Expr])
    case list([Expr])
    case set([Expr])
    /// Entries; a `nil` key is a `**mapping` spread.
    case dict([(key: Expr?, value: Expr)])
    case starred(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case unary(UnaryOperator, Expr)
    case not(Expr)
    case and([Expr])
    case or([Expr])
    case compare(Expr, [(CompareOperator, Expr)])
    case conditional(test: Expr, body: Expr, orElse: Expr)
    case lambda(FunctionDefinition)
    case call(Expr, [CallArgument])
    case attribute(Expr, String)
    case `subscript`(Expr, Expr)
    case slice(Expr?, Expr?, Expr?)
    case comprehension(ComprehensionKind, element: Expr, value: Expr?, clauses: [ComprehensionClause])
}

/// A parameter of a `def` or `lambda`.
struct Parameter {
    enum Kind {
        case normal, varArgs, keywordOnly, varKeywords
    }
    let name: String
    let kind: Kind
    let defaultValue: Expr?
}

/// The shared shape of `def` and `lambda`.
final class FunctionDefinition {
    let name: String
    let parameters: [Parameter]
    let body: [Stmt]
    let location: SourceLocation
    let docstring: String?
    /// Names declared `global` inside the body.
    let globals: Set<String>
    /// The signature as written, for `help()`: `f(a, b=2)`.
    let signature: String
    /// Names the body binds (assignments, loop targets, imports, nested defs, `as` names) minus
    /// its `global`s: Python's local variables, for `UnboundLocalError`.
    lazy var localNames: Set<String> = {
        var names = Set<String>()
        collectBoundNames(body, into: &names)
        return names.subtracting(globals)
    }()
    init(name: String, parameters: [Parameter], body: [Stmt], location: SourceLocation,
         docstring: String?, globals: Set<String>, signature: String) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
        self.docstring = docstring
        self.globals = globals
        self.signature = signature
    }
}

/// An `except` clause.
struct ExceptHandler {
    let types: Expr?
    let name: String?
    let body: [Stmt]
    let location: SourceLocation
}

/// A statement node with the location of its first token.
final class Stmt {
    let kind: StmtKind
    let location: SourceLocation
    init(_ kind: StmtKind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

indirect enum StmtKind {
    case expression(Expr)
    case assign(targets: [Expr], value: Expr)
    case augmentedAssign(target: Expr, op: BinaryOperator, value: Expr)
    case importModules([(name: String, alias: String?)])
    case importFrom(module: String, names: [(name: String, alias: String?)])
    case importAll(module: String)
    case ifStatement(branches: [(test: Expr, body: [Stmt])], orElse: [Stmt])
    case forLoop(target: Expr, iterable: Expr, body: [Stmt], orElse: [Stmt])
    case whileLoop(test: Expr, body: [Stmt], orElse: [Stmt])
    case breakLoop
    case continueLoop
    case pass
    case with(items: [(context: Expr, target: Expr?)], body: [Stmt])
    case functionDefinition(FunctionDefinition)
    case returnValue(Expr?)
    case delete([Expr])
    case assert(test: Expr, message: Expr?)
    case raise(Expr?, cause: Expr?)
    case tryStatement(body: [Stmt], handlers: [ExceptHandler], orElse: [Stmt], finally: [Stmt])
    case global([String])
    case magic(name: String, arguments: String)
    case help(String)
}

/// Adds the names bound by `statements` (not descending into nested functions).
func collectBoundNames(_ statements: [Stmt], into names: inout Set<String>) {
    func targets(_ e: Expr) {
        switch e.kind {
        case .name(let n): names.insert(n)
        case .tuple(let items), .list(let items): items.forEach(targets)
        case .starred(let inner): targets(inner)
        default: break
        }
    }
    for statement in statements {
        switch statement.kind {
        case .assign(let ts, _): ts.forEach(targets)
        case .augmentedAssign(let t, _, _): targets(t)
        case .importModules(let modules):
            for (name, alias) in modules { names.insert(alias ?? String(name.prefix { $0 != "." })) }
        case .importFrom(_, let imported):
            for (name, alias) in imported { names.insert(alias ?? name) }
        case .ifStatement(let branches, let orElse):
            branches.forEach { collectBoundNames($0.body, into: &names) }
            collectBoundNames(orElse, into: &names)
        case .forLoop(let t, _, let body, let orElse):
            targets(t)
            collectBoundNames(body, into: &names)
            collectBoundNames(orElse, into: &names)
        case .whileLoop(_, let body, let orElse):
            collectBoundNames(body, into: &names)
            collectBoundNames(orElse, into: &names)
        case .with(let items, let body):
            items.forEach { if let t = $0.target { targets(t) } }
            collectBoundNames(body, into: &names)
        case .functionDefinition(let definition): names.insert(definition.name)
        case .delete(let ts): ts.forEach(targets)
        case .tryStatement(let body, let handlers, let orElse, let finally):
            collectBoundNames(body, into: &names)
            for handler in handlers {
                if let n = handler.name { names.insert(n) }
                collectBoundNames(handler.body, into: &names)
            }
            collectBoundNames(orElse, into: &names)
            collectBoundNames(finally, into: &names)
        default: break
        }
    }
}
