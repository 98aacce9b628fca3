// Long paragraphs (a book without line breaks is one paragraph of megabytes) are addressed in
// pieces, so that nothing that looks at a place in them walks the text from its start:
// - the reader lays out only the pieces around the reading position;
// - a scalar offset finds its String.Index from the start of the piece that holds it.
// The text itself is never cut or copied: pieces are offsets into it.

/// A long text cut into pieces of about `pieceScalars` Unicode scalars. A piece ends after a
/// run of spaces where one is near (so text laid out piece by piece wraps almost as it would
/// whole), otherwise at the next scalar that starts a character (never before a combining
/// mark, a joiner or a variation selector).
public struct TextPieces: Sendable, Equatable {
    public static let pieceScalars = 1024
    /// How far past `pieceScalars` a piece may run looking for a space.
    static let slack = 256
    /// Texts longer than this (in UTF-8 bytes) are cut into pieces.
    public static let threshold = 16 * pieceScalars

    /// Where each piece starts, in scalars and in UTF-8 bytes; the first is (0, 0).
    public let scalarStarts: [Int]
    let utf8Starts: [Int]
    public let scalarCount: Int

    /// Pieces for `text`, or nil when it is short enough to be handled whole (at most
    /// `threshold` UTF-8 bytes, or a single piece).
    public static func make(_ text: String, threshold: Int = TextPieces.threshold) -> TextPieces? {
        guard text.utf8.count > threshold else { return nil }
        let pieces = TextPieces(text)
        return pieces.count > 1 ? pieces : nil
    }

    public init(_ text: String) {
        var scalarStarts = [0], utf8Starts = [0]
        var scalars = 0, bytes = 0
        var pieceStart = 0
        var previous: Unicode.Scalar = "a"
        for scalar in text.unicodeScalars {
            let length = scalars - pieceStart
            if length >= Self.pieceScalars {
                let afterSpace = Self.isSpace(previous) && !Self.isSpace(scalar)
                if afterSpace || (length >= Self.pieceScalars + Self.slack && Self.startsCharacter(scalar, after: previous)) {
                    scalarStarts.append(scalars)
                    utf8Starts.append(bytes)
                    pieceStart = scalars
                }
            }
            scalars += 1
            bytes += UTF8.width(scalar)
            previous = scalar
        }
        self.scalarStarts = scalarStarts
        self.utf8Starts = utf8Starts
        scalarCount = scalars
    }

    public var count: Int { scalarStarts.count }

    /// Scalar offsets of piece `piece`.
    public func scalarRange(ofPiece piece: Int) -> Range<Int> {
        scalarStarts[piece] ..< (piece + 1 < scalarStarts.count ? scalarStarts[piece + 1] : scalarCount)
    }

    /// The piece holding scalar `offset` (the last piece for offsets past the end).
    public func piece(containing offset: Int) -> Int {
        var low = 0, high = scalarStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if scalarStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The text of piece `piece`, sliced from `text` (which these pieces were made from).
    public func text(ofPiece piece: Int, in text: String) -> Substring {
        let end = piece + 1 < utf8Starts.count ? utf8Starts[piece + 1] : text.utf8.count
        return text[text.utf8Index(utf8Starts[piece]) ..< text.utf8Index(end)]
    }

    /// The index of scalar `offset` of `text` (clamped to its end), walking at most a piece.
    public func index(ofScalar offset: Int, in text: String) -> String.Index {
        let offset = min(max(0, offset), scalarCount)
        let piece = piece(containing: offset)
        let view = text.unicodeScalars
        let start = text.utf8Index(utf8Starts[piece])
        return view.index(start, offsetBy: offset - scalarStarts[piece], limitedBy: view.endIndex) ?? view.endIndex
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }

    /// Whether a character can start at `scalar` (roughly: no mark, joiner or selector joins it
    /// to what comes before).
    static func startsCharacter(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar) -> Bool {
        if previous.value == 0x200D { return false }
        let v = scalar.value
        if v == 0x200D || v == 0x200C || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v)
            || (0x1F3FB...0x1F3FF).contains(v) || (0xE0020...0xE007F).contains(v) { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return true
        }
    }
}

extension String {
    /// The index `offset` UTF-8 bytes from the start (constant time for native strings).
    @inline(__always)
    public func utf8Index(_ offset: Int) -> String.Index {
        utf8.index(utf8.startIndex, offsetBy: min(max(0, offset), utf8.count))
    }
}

/// Turns scalar offsets into String indices for offsets asked for in increasing order within
/// a text (the hits of a search, the mentions of a person): each walks on from the last, so a
/// whole list costs one pass over each text however long it is.
public struct ScalarWalker {
    private var unit = -1
    private var index = "".startIndex
    private var offset = 0

    public init() {}

    /// The index of scalar `target` of `text`, the text of unit `unit` (clamped to its end).
    public mutating func index(of target: Int, unit: Int, in text: String) -> String.Index {
        let view = text.unicodeScalars
        if unit != self.unit || target < offset {
            self.unit = unit
            index = view.startIndex
            offset = 0
        }
        index = view.index(index, offsetBy: target - offset, limitedBy: view.endIndex) ?? view.endIndex
        offset = target
        return index
    }
}
