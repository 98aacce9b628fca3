// A small JSON value with a deterministic writer: keys keep the order they were given in, so
// exports are stable and diffable. Foundation's encoder neither keeps order nor starts fast.

public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    public static func optional(_ value: Int?) -> JSON { value.map(JSON.int) ?? .null }

    /// Compact when `indent` is nil, otherwise pretty-printed with that many spaces.
    public func serialized(indent: Int? = nil) -> String {
        String(decoding: serializedBytes(indent: indent), as: UTF8.self)
    }

    /// The same as UTF-8 bytes: written a byte at a time only where a string needs an escape
    /// (a 100 MB book's export is 240 MB of JSON).
    public func serializedBytes(indent: Int? = nil) -> [UInt8] {
        var out = Output(emit: nil)
        write(into: &out, indent: indent, depth: 0)
        return out.bytes
    }

    /// Writes the value in pieces of about `piece` bytes, each handed to `emit` as soon as it
    /// is full: the whole text is never held (a 100 MB book's export is 240 MB of JSON).
    public func write(indent: Int? = nil, piece: Int = 1 << 20, _ emit: @escaping ([UInt8]) -> Void) {
        var out = Output(emit: emit, piece: piece)
        write(into: &out, indent: indent, depth: 0)
        if !out.bytes.isEmpty { emit(out.bytes) }
    }

    /// Bytes being written, handed on a piece at a time when there is somewhere to hand them.
    private struct Output {
        var bytes: [UInt8] = []
        let emit: (([UInt8]) -> Void)?
        var piece = 0

        init(emit: (([UInt8]) -> Void)?, piece: Int = 0) {
            self.emit = emit
            self.piece = piece
            if emit != nil { bytes.reserveCapacity(piece + 4096) }
        }

        static func += (out: inout Output, more: [UInt8]) { out.bytes += more }
        mutating func append(_ byte: UInt8) { bytes.append(byte) }
        mutating func append(contentsOf more: some Sequence<UInt8>) { bytes.append(contentsOf: more) }

        /// Between values: hands the piece on once it is full.
        mutating func flushIfFull() {
            guard let emit, bytes.count >= piece else { return }
            emit(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    private func write(into out: inout Output, indent: Int?, depth: Int) {
        switch self {
        case .null: out += JSON.nullBytes
        case .bool(let value): out += value ? JSON.trueBytes : JSON.falseBytes
        case .int(let value): JSON.writeInt(value, into: &out)
        case .double(let value):
            if value.isFinite { out += Array(String(value).utf8) } else { out += JSON.nullBytes }
        case .string(let value): JSON.writeString(value, into: &out)
        case .array(let items):
            if items.isEmpty { out += [0x5B, 0x5D]; return }
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSON.newline(&out, indent: indent, depth: depth + 1)
                item.write(into: &out, indent: indent, depth: depth + 1)
                out.flushIfFull()
            }
            JSON.newline(&out, indent: indent, depth: depth)
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty { out += [0x7B, 0x7D]; return }
            out.append(0x7B)
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSON.newline(&out, indent: indent, depth: depth + 1)
                JSON.writeString(key, into: &out)
                out.append(0x3A)
                if indent != nil { out.append(0x20) }
                value.write(into: &out, indent: indent, depth: depth + 1)
                out.flushIfFull()
            }
            JSON.newline(&out, indent: indent, depth: depth)
            out.append(0x7D)
        }
    }

    private static let nullBytes = Array("null".utf8), trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    private static func newline(_ out: inout Output, indent: Int?, depth: Int) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent * depth))
    }

    private static func writeInt(_ value: Int, into out: inout Output) {
        if value >= 0 && value < 10 { out.append(0x30 + UInt8(value)); return }
        out += Array(String(value).utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A string in quotes: runs that need no escape are copied whole; `"`, `\`, controls, DEL,
    /// C1 controls (U+009B is CSI to some terminals: exact JSON, never an escape to a
    /// terminal) and U+2028/U+2029 are escaped.
    private static func writeString(_ value: String, into out: inout Output) {
        out.append(0x22)
        var value = value
        value.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            func flush(to end: Int) {
                if end > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< end])) }
            }
            while i < bytes.count {
                let byte = bytes[i]
                var escapedScalar: UInt32?
                var length = 1
                if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
                    escapedScalar = UInt32(byte)
                } else if byte == 0xC2, i + 1 < bytes.count, bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F {
                    escapedScalar = UInt32(bytes[i + 1])
                    length = 2
                } else if byte == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    escapedScalar = 0x2000 + UInt32(bytes[i + 2] - 0x80)
                    length = 3
                }
                guard let scalar = escapedScalar else { i += 1; continue }
                flush(to: i)
                switch scalar {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                default:
                    out += [0x5C, 0x75]
                    for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int(scalar >> UInt32(shift)) & 0xF]) }
                }
                i += length
                runStart = i
            }
            flush(to: bytes.count)
        }
        out.append(0x22)
    }
}
