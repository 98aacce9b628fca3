#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Notes and highlights, anchored as the W3C Web Annotation model anchors to text: by the quote
// itself with a little context before and after (its TextQuoteSelector) and by where it was
// (its TextPosition; here the file line where the paragraph starts and scalar offsets in that
// paragraph, the same address a bookmark uses). When the book's text has changed, a note
// re-attaches only where its quote is found without ambiguity; otherwise it is an orphan and
// says so. It is never moved to a place its quote is not.

/// Where a note is: the quote, its context, and its position when it was made.
public struct TextAnchor: Hashable, Sendable {
    /// The text noted, exactly as the book had it.
    public var exact: String
    /// Up to `contextLength` scalars before and after it in its paragraph (fewer at its ends).
    public var prefix: String
    public var suffix: String
    /// The 1-based file line where the paragraph starts.
    public var line: Int
    /// Scalar offsets of the quote in the paragraph's text.
    public var start: Int
    public var end: Int

    public static let contextLength = 32

    public init(exact: String, prefix: String, suffix: String, line: Int, start: Int, end: Int) {
        self.exact = exact
        self.prefix = prefix
        self.suffix = suffix
        self.line = line
        self.start = start
        self.end = end
    }

    /// The anchor of scalars `range` of unit `unit`, clamped into it; nil when that is empty.
    public init?(book: Book, unit: Int, range: Range<Int>) {
        guard unit >= 0, unit < book.units.count else { return nil }
        let count = book.scalarCount(ofUnit: unit)
        let start = min(max(0, range.lowerBound), count), end = min(max(start, range.upperBound), count)
        guard start < end else { return nil }
        let scalars = book.units[unit].text.unicodeScalars
        let from = book.index(ofScalar: start, inUnit: unit), to = book.index(ofScalar: end, inUnit: unit)
        let before = scalars.index(from, offsetBy: -min(start, Self.contextLength))
        let after = scalars.index(to, offsetBy: min(count - end, Self.contextLength))
        self.init(exact: String(scalars[from..<to]), prefix: String(scalars[before..<from]),
                  suffix: String(scalars[to..<after]), line: book.units[unit].line, start: start, end: end)
    }
}

/// A note: the user's words on a passage (none for a plain highlight).
public struct Note: Hashable, Sendable {
    /// Unique across sessions, as a bookmark's is.
    public var id: String
    public var anchor: TextAnchor
    /// May be empty: then the note is a highlight.
    public var text: String
    /// Seconds since the Unix epoch.
    public var created: Int64
    public var modified: Int64

    public init(id: String, anchor: TextAnchor, text: String, created: Int64, modified: Int64? = nil) {
        self.id = id
        self.anchor = anchor
        self.text = text
        self.created = created
        self.modified = modified ?? created
    }

    public var isHighlight: Bool { text.isEmpty }
}

/// Where a note's anchor lands in a book.
public enum Anchoring: Hashable, Sendable {
    /// At its stored position (`moved` false), or found by its quote elsewhere (`moved`).
    case attached(unit: Int, range: Range<Int>, moved: Bool)
    /// Its quote is not in the book, or is in it more than once with no context to choose.
    case orphan(OrphanReason)

    public var unit: Int? {
        if case .attached(let unit, _, _) = self { return unit }
        return nil
    }

    public var range: Range<Int>? {
        if case .attached(_, let range, _) = self { return range }
        return nil
    }
}

public enum OrphanReason: Hashable, Sendable {
    case notFound
    /// The quote is in the book this many times and its context does not single one out.
    case ambiguous(Int)

    public var description: String {
        switch self {
        case .notFound: return "its passage is not in the book any more"
        case .ambiguous(let count): return "its passage is in the book \(count) times; none is certainly it"
        }
    }
}

extension TextAnchor {
    /// Where this anchor lands in `book`:
    /// 1. at its position, when the quote and its context are there;
    /// 2. else where the quote is found, when it is found once in the whole book and it is
    ///    long enough to stand for itself, or some of its context is still around it (a short
    ///    quote found once elsewhere after its own passage was rewritten is not it);
    /// 3. else where the quote and its whole context are found, when that is once;
    /// 4. else nowhere: an orphan.
    public func resolve(in book: Book) -> Anchoring {
        guard !exact.isEmpty else { return .orphan(.notFound) }
        for unit in book.units(startingAtLine: line) where matches(book, unit: unit, at: start, context: true) {
            return .attached(unit: unit, range: start..<end, moved: false)
        }
        let found = occurrences(in: book)
        if found.count == 1,
           exactCount >= Self.contextLength || contextAgreement(book, unit: found[0].unit, at: found[0].start) >= 8 {
            return .attached(unit: found[0].unit, range: found[0].start..<(found[0].start + exactCount), moved: true)
        }
        let withContext = found.filter { matches(book, unit: $0.unit, at: $0.start, context: true) }
        if withContext.count == 1 {
            return .attached(unit: withContext[0].unit, range: withContext[0].start..<(withContext[0].start + exactCount),
                             moved: true)
        }
        return .orphan(found.isEmpty ? .notFound : .ambiguous(found.count))
    }

    var exactCount: Int { exact.unicodeScalars.count }

    /// Whether the quote (and, with `context`, its prefix and suffix as stored) is at scalar
    /// `start` of `unit`.
    func matches(_ book: Book, unit: Int, at start: Int, context: Bool) -> Bool {
        let count = book.scalarCount(ofUnit: unit)
        let end = start + exactCount
        guard start >= 0, end <= count else { return false }
        let scalars = book.units[unit].text.unicodeScalars
        let from = book.index(ofScalar: start, inUnit: unit)
        let to = scalars.index(from, offsetBy: exactCount)
        guard scalars[from..<to].elementsEqual(exact.unicodeScalars) else { return false }
        guard context else { return true }
        let prefixCount = prefix.unicodeScalars.count, suffixCount = suffix.unicodeScalars.count
        // The context was cut at the paragraph's ends: the same cut must fall in the same place.
        guard start >= prefixCount, end + suffixCount <= count else { return false }
        if prefixCount < Self.contextLength && start != prefixCount { return false }
        if suffixCount < Self.contextLength && end + suffixCount != count { return false }
        return scalars[scalars.index(from, offsetBy: -prefixCount)..<from].elementsEqual(prefix.unicodeScalars)
            && scalars[to..<scalars.index(to, offsetBy: suffixCount)].elementsEqual(suffix.unicodeScalars)
    }

    /// How many scalars of the stored context agree with the text around the quote at `start`
    /// of `unit`: the end of the prefix before it and the start of the suffix after it.
    func contextAgreement(_ book: Book, unit: Int, at start: Int) -> Int {
        // Read only the context's length either side, never the whole of a long unit.
        let scalars = book.units[unit].text.unicodeScalars
        let from = book.index(ofScalar: start, inUnit: unit)
        let to = scalars.index(from, offsetBy: exactCount, limitedBy: scalars.endIndex) ?? scalars.endIndex
        let before = scalars[..<from].reversed().prefix(prefix.unicodeScalars.count)
        let agreed = zip(before, prefix.unicodeScalars.reversed()).prefix { $0 == $1 }.count
        let following = zip(scalars[to...], suffix.unicodeScalars).prefix { $0 == $1 }.count
        return agreed + following
    }

    /// Every place the quote is in the book, as (unit, scalar offset), in book order.
    func occurrences(in book: Book) -> [(unit: Int, start: Int)] {
        var found: [(unit: Int, start: Int)] = []
        var needle = Array(exact.utf8)
        for unit in book.units.indices {
            var text = book.units[unit].text
            text.withUTF8 { haystack in
                needle.withUnsafeMutableBufferPointer { needle in
                    var from = 0, counted = 0, scalars = 0
                    while let byte = Self.find(needle, in: haystack, from: from) {
                        // Scalars before the hit: the bytes that are not UTF-8 continuations.
                        scalars += haystack[counted..<byte].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                        counted = byte
                        found.append((unit, scalars))
                        from = byte + 1
                    }
                }
            }
        }
        return found
    }
}

extension TextAnchor {
    /// The first byte offset at or after `from` where `needle` is in `haystack`.
    static func find(_ needle: UnsafeMutableBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, !haystack.isEmpty else { return nil }
        var from = from
        while from + needle.count <= haystack.count {
            guard let hit = memchr(haystack.baseAddress! + from, Int32(first), haystack.count - from - needle.count + 1) else {
                return nil
            }
            let byte = haystack.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(haystack.baseAddress! + byte, needle.baseAddress!, needle.count) == 0 { return byte }
            from = byte + 1
        }
        return nil
    }
}

extension Book {
    /// The units whose text starts on file line `line` (a line can hold a source's header and
    /// its first words), found by binary search: units are in file order.
    public func units(startingAtLine line: Int) -> [Int] {
        var low = 0, high = units.count
        while low < high {
            let mid = (low + high) / 2
            if units[mid].line < line { low = mid + 1 } else { high = mid }
        }
        var found: [Int] = []
        while low < units.count, units[low].line == line {
            found.append(low)
            low += 1
        }
        return found
    }
}
