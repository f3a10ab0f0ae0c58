/// A mistake with a frame or a CSV file, carrying the Python exception class and pandas' message.
public struct FrameError: Error, Equatable, CustomStringConvertible {
    /// The Python exception the script layer raises.
    public enum Kind: Equatable {
        case key, value, type, index, fileNotFound, parser
        /// The read was stopped from outside (`CSVReadOptions.shouldStop`): KeyboardInterrupt.
        case interrupted
    }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
}
