#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// What iskra remembers about one book between sessions: where you were, your bookmarks and
// your recent searches. The format is described in DECISIONS.md ("State that lasts").

/// Which book a state file belongs to: a hash of the book's bytes (so a renamed or moved copy
/// keeps its state, and an edited book starts afresh) plus a readable name for people.
public struct BookIdentity: Hashable, Sendable {
    /// FNV-1a 64 of the file's bytes, 16 lowercase hex digits.
    public var hash: String
    /// The file's name without directory and extension, reduced to safe characters.
    public var name: String

    public init(hash: String, name: String) {
        self.hash = hash
        self.name = name
    }

    public init(bytes: [UInt8], path: String) {
        self.init(hashValue: BookIdentity.hash(bytes), path: path)
    }

    /// From the hash of the file's bytes, computed piece by piece with `hash(_:continuing:)`.
    public init(hashValue value: UInt64, path: String) {
        let hex = String(value, radix: 16)
        self.hash = String(repeating: "0", count: 16 - hex.count) + hex
        self.name = BookIdentity.readableName(path)
    }

    /// FNV-1a 64 of `bytes`, continuing from the hash of what came before them.
    public static func hash(_ bytes: [UInt8], continuing value: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var value = value
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        return value
    }

    /// `leon-trotsky-1f0e...9a.json`
    public var fileName: String { "\(name)-\(hash).json" }

    static func readableName(_ path: String) -> String {
        var base = Substring(path)
        if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
        if let dot = base.lastIndex(of: "."), dot > base.startIndex { base = base[..<dot] }
        var name = ""
        for scalar in base.unicodeScalars {
            let c = Character(scalar)
            if scalar.isASCII, c.isLetter || c.isNumber || c == "-" || c == "_" {
                name.append(c)
            } else if !name.hasSuffix("-") {
                name.append("-")
            }
            if name.count >= 40 { break }
        }
        name = String(name.drop(while: { $0 == "-" || $0 == "." }))
        return name.isEmpty ? "book" : name
    }
}

/// A place in a book, stored so that it can be checked against the book when read back: the
/// page, the file line where the text unit at the top of the reader starts, the scalar offset
/// into that unit, and how many lines above that text the top was.
public struct StoredPlace: Hashable, Sendable {
    public enum PageKind: String, Hashable, Sendable {
        case chapter
        case source
    }

    public var page: PageKind
    public var index: Int
    /// The 1-based file line where the anchored unit starts; nil when the top of the reader
    /// is above the page's first text (its label).
    public var line: Int?
    /// Offset in Unicode scalars into the unit's text.
    public var offset: Int
    public var linesBefore: Int

    public init(page: PageKind, index: Int, line: Int?, offset: Int, linesBefore: Int) {
        self.page = page
        self.index = index
        self.line = line
        self.offset = offset
        self.linesBefore = linesBefore
    }

    /// Book order: chapters before sources, then by line and offset.
    public static func precedes(_ a: StoredPlace, _ b: StoredPlace) -> Bool {
        if a.page != b.page { return a.page == .chapter }
        if a.index != b.index { return a.index < b.index }
        if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
        if a.offset != b.offset { return a.offset < b.offset }
        return a.linesBefore > b.linesBefore
    }
}

public struct Bookmark: Hashable, Sendable {
    /// Unique across sessions (creation time, session and a counter), so that two explorers
    /// open at once can merge their additions and deletions.
    public var id: String
    public var place: StoredPlace
    /// May be empty.
    public var label: String
    /// Seconds since the Unix epoch.
    public var created: Int64

    public init(id: String, place: StoredPlace, label: String, created: Int64) {
        self.id = id
        self.place = place
        self.label = label
        self.created = created
    }
}

/// The contents of one state file.
public struct BookState: Equatable, Sendable {
    public static let format = "iskra-state"
    /// 2 added notes: an iskra that knows only 1 leaves such a file alone rather than
    /// writing it back without them.
    public static let version = 2

    public var position: StoredPlace?
    /// In the order they were made.
    public var bookmarks: [Bookmark]
    /// Oldest first.
    public var searches: [String]
    /// In the order they were made.
    public var notes: [Note]
    /// Bookmark and note entries that could not be read (a bad date, a missing field, a repeated id),
    /// kept as they were under `setAside` so that saving never loses them and one bad entry
    /// never costs the others.
    public var setAside: [JSON]

    public init(position: StoredPlace? = nil, bookmarks: [Bookmark] = [], searches: [String] = [], notes: [Note] = [],
                setAside: [JSON] = []) {
        self.position = position
        self.bookmarks = bookmarks
        self.searches = searches
        self.notes = notes
        self.setAside = setAside
    }

    // MARK: JSON

    public func json(book: BookIdentity) -> JSON {
        .object([
            ("format", .string(Self.format)),
            ("version", .int(Self.version)),
            ("book", .object([("hash", .string(book.hash)), ("name", .string(book.name))])),
            ("position", position.map(Self.json(_:)) ?? .null),
            ("bookmarks", .array(bookmarks.map { bookmark in
                .object([("id", .string(bookmark.id)), ("label", .string(bookmark.label)),
                         ("created", .string(StateTime.iso8601(bookmark.created))),
                         ("place", Self.json(bookmark.place))])
            })),
            ("searches", .array(searches.map(JSON.string))),
            ("notes", .array(notes.map(Self.json(_:)))),
        ] + (setAside.isEmpty ? [] : [("setAside", .array(setAside))]))
    }

    static func json(_ place: StoredPlace) -> JSON {
        .object([("page", .string(place.page.rawValue)), ("index", .int(place.index)),
                 ("line", .optional(place.line)), ("offset", .int(place.offset)),
                 ("linesBefore", .int(place.linesBefore))])
    }

    /// A note as the W3C Web Annotation model writes its target: a quote selector and a
    /// position selector.
    public static func json(_ note: Note) -> JSON {
        let anchor = note.anchor
        return .object([
            ("id", .string(note.id)), ("text", .string(note.text)),
            ("created", .string(StateTime.iso8601(note.created))), ("modified", .string(StateTime.iso8601(note.modified))),
            ("quote", .object([("exact", .string(anchor.exact)), ("prefix", .string(anchor.prefix)),
                               ("suffix", .string(anchor.suffix))])),
            ("position", .object([("line", .int(anchor.line)), ("start", .int(anchor.start)), ("end", .int(anchor.end))])),
        ])
    }

    /// A note entry, or nil when any part is missing or out of range.
    public static func note(_ json: JSON) -> Note? {
        guard let id = json["id"]?.stringValue, !id.isEmpty, let text = json["text"]?.stringValue,
              let created = json["created"]?.stringValue.flatMap(StateTime.parse),
              let modified = json["modified"]?.stringValue.flatMap(StateTime.parse),
              let quote = json["quote"], let exact = quote["exact"]?.stringValue, !exact.isEmpty,
              let prefix = quote["prefix"]?.stringValue, let suffix = quote["suffix"]?.stringValue,
              let position = json["position"], let line = position["line"]?.intValue, line >= 1,
              let start = position["start"]?.intValue, let end = position["end"]?.intValue,
              start >= 0, end >= start, end - start == exact.unicodeScalars.count else { return nil }
        return Note(id: id, anchor: TextAnchor(exact: exact, prefix: prefix, suffix: suffix, line: line, start: start, end: end),
                    text: text, created: created, modified: modified)
    }

    public enum DecodeError: Error, Equatable, Sendable {
        /// Not a state file, or damaged: the reason names what is wrong.
        case damaged(String)
        /// Written by a newer iskra: left alone.
        case newerVersion(Int)
    }

    public static func decode(_ json: JSON, book: BookIdentity) throws(DecodeError) -> BookState {
        guard json["format"]?.stringValue == format else { throw .damaged("not an iskra state file") }
        guard let version = json["version"]?.intValue else { throw .damaged("no version") }
        if version > Self.version { throw .newerVersion(version) }
        guard version >= 1 else { throw .damaged("unknown version \(version)") }
        guard json["book"]?["hash"]?.stringValue == book.hash else { throw .damaged("it belongs to another book") }
        var state = BookState()
        if let position = json["position"], !position.isNull {
            guard let place = place(position) else { throw .damaged("bad position") }
            state.position = place
        }
        guard let bookmarks = json["bookmarks"]?.arrayValue else { throw .damaged("no bookmarks list") }
        var seen = Set<String>()
        for entry in bookmarks {
            guard let id = entry["id"]?.stringValue, !id.isEmpty,
                  let label = entry["label"]?.stringValue,
                  let createdText = entry["created"]?.stringValue, let created = StateTime.parse(createdText),
                  let placeJSON = entry["place"], let place = place(placeJSON),
                  seen.insert(id).inserted else {
                state.setAside.append(entry)
                continue
            }
            state.bookmarks.append(Bookmark(id: id, place: place, label: label, created: created))
        }
        // Version 1 files have no notes.
        if let notes = json["notes"] {
            guard let entries = notes.arrayValue else { throw .damaged("bad notes list") }
            var seenNotes = Set<String>()
            for entry in entries {
                guard let note = note(entry), seenNotes.insert(note.id).inserted else {
                    state.setAside.append(entry)
                    continue
                }
                state.notes.append(note)
            }
        }
        if let setAside = json["setAside"] {
            guard let entries = setAside.arrayValue else { throw .damaged("bad setAside list") }
            state.setAside = entries + state.setAside
        }
        guard let searches = json["searches"]?.arrayValue else { throw .damaged("no searches list") }
        for entry in searches {
            guard let query = entry.stringValue else { throw .damaged("bad search") }
            state.searches.append(query)
        }
        return state
    }

    static func place(_ json: JSON) -> StoredPlace? {
        guard let kind = json["page"]?.stringValue.flatMap(StoredPlace.PageKind.init(rawValue:)),
              let index = json["index"]?.intValue, index >= 0,
              let offset = json["offset"]?.intValue, offset >= 0,
              let linesBefore = json["linesBefore"]?.intValue, linesBefore >= 0,
              let lineJSON = json["line"] else { return nil }
        let line: Int?
        if lineJSON.isNull { line = nil } else {
            guard let value = lineJSON.intValue, value >= 1 else { return nil }
            line = value
        }
        return StoredPlace(page: kind, index: index, line: line, offset: offset, linesBefore: linesBefore)
    }
}

/// Timestamps in state files: UTC, to the second, ISO 8601 (`2025-03-01T14:05:09Z`).
public enum StateTime {
    public static func now() -> Int64 { Int64(time(nil)) }

    public static func iso8601(_ seconds: Int64) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1))-\(pad(Int(parts.tm_mday)))"
            + "T\(pad(Int(parts.tm_hour))):\(pad(Int(parts.tm_min))):\(pad(Int(parts.tm_sec)))Z"
    }

    /// `YYYYmmdd-HHMMSS` in local time, for file names.
    public static func compact(_ seconds: Int64) -> String {
        var t = time_t(seconds)
        var parts = tm()
        localtime_r(&t, &parts)
        return "\(pad(Int(parts.tm_year) + 1900, 4))\(pad(Int(parts.tm_mon) + 1))\(pad(Int(parts.tm_mday)))"
            + "-\(pad(Int(parts.tm_hour)))\(pad(Int(parts.tm_min)))\(pad(Int(parts.tm_sec)))"
    }

    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              bytes[19] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts))
        // Only times that are written back the same are kept: a leap second, the 31st of a
        // short month or a year past 9999 would otherwise come back as another time.
        return iso8601(seconds) == text ? seconds : nil
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
