import Synchronization

/// The content model every command and the explorer share: the document, its text units
/// and which belong to which chapter or source, the people and their mentions (from a
/// register, or proposed when the book has none), the search index, and long units cut into
/// pieces. Computed once from the text.
public struct Book: Sendable {
    public let document: Document
    public let units: [TextUnit]
    public let chapterUnits: [Range<Int>]
    public let sourceUnits: [Range<Int>]
    /// The sources heading and any text before the first source.
    public let sourcesIntroUnits: Range<Int>
    /// Author, work and date inside each source header, by unit id, so the header is drawn
    /// once with its fields styled in place.
    public let headerFields: [Int: [SourceFieldRange]]

    public let people: PeopleIndex
    /// False when the people were proposed automatically (the book has no register).
    public let peopleVerified: Bool
    /// People by mentions, most first (ties by name).
    public let peopleByMentions: [Int]
    /// People by last name, and each person's forms lowercased (for filtering as the reader
    /// types): made when first asked for, not before the first frame.
    public var peopleByName: [Int] { namesAndForms.value.byName }
    public var lowercasedForms: [[String]] { namesAndForms.value.lowercasedForms }
    private let namesAndForms: Lazy<NamesAndForms>
    struct NamesAndForms: Sendable {
        var byName: [Int]
        var lowercasedForms: [[String]]
    }
    /// Each paragraph's number in its chapter or source (the ¶ N citations use), by unit id; 0
    /// for units that are not paragraphs. Made when first asked for.
    private let paragraphNumbers: Lazy<(numbers: [Int32], digits: Int)>
    /// Columns taken by the largest mention count, so the People list's counts line up.
    public let mentionCountWidth: Int

    /// Units longer than `TextPieces.threshold` (a book without line breaks is one paragraph
    /// of megabytes) cut into pieces, by unit id: the reader lays out only the pieces around
    /// the reading position, and an offset in them is found from the nearest piece start.
    public let pieces: [Int: TextPieces]
    /// The ids of the pieced units in order, and how many pieces beyond one each of them and
    /// those before it have (so every piece of the book has a number: see `firstPiece`).
    private let piecedUnits: [Int]
    private let extraPiecesThrough: [Int]

    /// `register` nil: people are proposed from the text and marked unverified.
    public init(document: Document, register: PeopleRegister? = nil) {
        self.init(document: document, prepared: register.map(PreparedRegister.init))
    }

    /// `prepared` nil: people are proposed from the text and marked unverified.
    public init(document: Document, prepared: PreparedRegister?) {
        let units = document.makeUnits()
        self.init(document: document, units: units, people: Book.findPeople(document: document, units: units, prepared: prepared),
                  peopleVerified: prepared != nil)
    }

    /// The people of a book: the register's, or proposed from the text (`prepared` nil).
    public static func findPeople(document: Document, units: [TextUnit], prepared: PreparedRegister?) -> PeopleIndex {
        let usedRegister = prepared ?? PreparedRegister(
            PeopleSuggester.register(from: PeopleSuggester.suggest(units: Book.sample(units.filter { !document.isEditionMatter($0) }))))
        let found = PeopleIndex(units: units, prepared: usedRegister, sources: document.sources)
        // A register lists whom its author chose; proposals the text never names are noise.
        return prepared == nil ? found.droppingUnmentioned() : found
    }

    /// A book whose people are already found (`units`: the document's, `people`: found in them,
    /// as `findPeople` finds them or a cache kept them).
    public init(document: Document, units: [TextUnit], people: PeopleIndex, peopleVerified: Bool) {
        self.document = document
        self.units = units
        var pieces: [Int: TextPieces] = [:]
        var piecedUnits: [Int] = [], extra: [Int] = []
        for unit in units where unit.text.utf8.count > TextPieces.threshold {
            guard let cut = TextPieces.make(unit.text) else { continue }
            pieces[unit.id] = cut
            piecedUnits.append(unit.id)
            extra.append((extra.last ?? 0) + cut.count - 1)
        }
        self.pieces = pieces
        self.piecedUnits = piecedUnits
        self.extraPiecesThrough = extra
        self.peopleVerified = peopleVerified
        self.people = people
        let people = self.people
        peopleByMentions = people.people.indices.sorted {
            let a = people.mentionCount(of: $0), b = people.mentionCount(of: $1)
            return a != b ? a > b : people.people[$0].name < people.people[$1].name
        }
        let registered = people.people
        namesAndForms = Lazy {
            let sortKeys = registered.map { Book.lastNameKey($0.name) }
            return NamesAndForms(byName: registered.indices.sorted { sortKeys[$0] < sortKeys[$1] },
                                 lowercasedForms: registered.map { $0.forms.map { $0.lowercased() } })
        }
        mentionCountWidth = String(people.people.indices.map { people.mentionCount(of: $0) }.max() ?? 0).count
        var chapters = [Range<Int>](repeating: 0..<0, count: document.chapters.count)
        var sources = [Range<Int>](repeating: 0..<0, count: document.sources.count)
        var intro: Range<Int> = 0..<0
        func extend(_ range: Range<Int>, _ id: Int) -> Range<Int> {
            range.isEmpty ? id..<(id + 1) : range.lowerBound..<(id + 1)
        }
        for unit in units {
            switch unit.container {
            case .front: break
            case .chapter(let index): chapters[index] = extend(chapters[index], unit.id)
            case .sourcesIntro: intro = extend(intro, unit.id)
            case .source(let index): sources[index] = extend(sources[index], unit.id)
            }
        }
        self.chapterUnits = chapters
        self.sourceUnits = sources
        self.sourcesIntroUnits = intro
        var fields: [Int: [SourceFieldRange]] = [:]
        for (index, source) in document.sources.enumerated() where !sources[index].isEmpty {
            fields[sources[index].lowerBound] = Book.fieldRanges(source)
        }
        self.headerFields = fields
        paragraphNumbers = Lazy {
            var numbers = [Int32](repeating: 0, count: units.count)
            var container: Container?
            var count: Int32 = 0
            for unit in units {
                if unit.container != container {
                    container = unit.container
                    count = 0
                }
                if unit.kind == .paragraph {
                    count += 1
                    numbers[unit.id] = count
                }
            }
            return (numbers, String(numbers.max() ?? 0).count)
        }
    }

    /// Digits of the largest paragraph number, for a column that holds them all.
    public var paragraphNumberDigits: Int { paragraphNumbers.value.digits }

    /// Unit `unit`'s number among the paragraphs of its chapter or source, counted as the
    /// reader shows them; nil for a heading, caption or source header.
    public func paragraphNumber(ofUnit unit: Int) -> Int? {
        let number = paragraphNumbers.value.numbers[unit]
        return number > 0 ? Int(number) : nil
    }

    // MARK: Pieces

    /// How many pieced units come before unit `unit`.
    private func piecedUnitsBefore(_ unit: Int) -> Int {
        var low = 0, high = piecedUnits.count
        while low < high {
            let mid = (low + high) / 2
            if piecedUnits[mid] < unit { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The number of unit `unit`'s first piece: every unit is one piece, a long one several,
    /// numbered in book order (`units.count` gives the number past the last piece).
    public func firstPiece(ofUnit unit: Int) -> Int {
        let before = piecedUnitsBefore(unit)
        return unit + (before == 0 ? 0 : extraPiecesThrough[before - 1])
    }

    public func pieceCount(ofUnit unit: Int) -> Int { pieces[unit]?.count ?? 1 }

    /// The piece holding scalar `offset` of unit `unit`.
    public func piece(ofUnit unit: Int, offset: Int) -> Int {
        firstPiece(ofUnit: unit) + (pieces[unit]?.piece(containing: offset) ?? 0)
    }

    /// The unit piece number `piece` belongs to, and which of its pieces it is.
    public func locate(piece: Int) -> (unit: Int, index: Int) {
        // The last pieced unit whose first piece is at or before `piece`.
        var low = 0, high = piecedUnits.count
        while low < high {
            let mid = (low + high) / 2
            let first = piecedUnits[mid] + (mid == 0 ? 0 : extraPiecesThrough[mid - 1])
            if first <= piece { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return (piece, 0) }
        let k = low - 1
        let first = piecedUnits[k] + (k == 0 ? 0 : extraPiecesThrough[k - 1])
        let count = extraPiecesThrough[k] - (k == 0 ? 0 : extraPiecesThrough[k - 1]) + 1
        if piece < first + count { return (piecedUnits[k], piece - first) }
        return (piece - extraPiecesThrough[k], 0)
    }

    /// Scalar offsets of piece `index` of unit `unit` (the whole text for a unit in one piece).
    public func scalarRange(ofUnit unit: Int, piece index: Int) -> Range<Int>? {
        pieces[unit]?.scalarRange(ofPiece: index)
    }

    /// The index of scalar `offset` in unit `unit`'s text (clamped to its end): from the
    /// nearest piece start in a long unit, so it never walks megabytes.
    public func index(ofScalar offset: Int, inUnit unit: Int) -> String.Index {
        let text = units[unit].text
        if let cut = pieces[unit] { return cut.index(ofScalar: offset, in: text) }
        let view = text.unicodeScalars
        return view.index(view.startIndex, offsetBy: max(0, offset), limitedBy: view.endIndex) ?? view.endIndex
    }

    /// Unit `unit`'s length in scalars.
    public func scalarCount(ofUnit unit: Int) -> Int {
        pieces[unit]?.scalarCount ?? units[unit].text.unicodeScalars.count
    }

    static func fieldRanges(_ source: Source) -> [SourceFieldRange] {
        let header = Array(source.header.unicodeScalars)
        var ranges: [SourceFieldRange] = []
        var searchFrom = 0
        func locate(_ field: String?, _ role: SourceField) {
            guard let field else { return }
            let needle = Array(field.unicodeScalars)
            guard !needle.isEmpty, needle.count <= header.count else { return }
            var start = searchFrom
            while start + needle.count <= header.count {
                if Array(header[start..<(start + needle.count)]) == needle {
                    ranges.append(SourceFieldRange(range: start..<(start + needle.count), field: role))
                    searchFrom = start + needle.count
                    return
                }
                start += 1
            }
        }
        locate(source.author, .author)
        locate(source.title, .work)
        locate(source.date, .date)
        return ranges
    }

    /// Text enough to propose people from: the first units up to a few megabytes. A huge book
    /// names its people early on; the matcher then finds their mentions everywhere. A unit
    /// that runs past the limit (a book without line breaks is one paragraph) is cut there,
    /// after a space, so proposing costs the same however the text is divided.
    public static func sample(_ units: [TextUnit], bytes limit: Int = 4 << 20) -> [TextUnit] {
        var total = 0
        var sample: [TextUnit] = []
        for unit in units {
            guard total < limit else { break }
            let size = unit.text.utf8.count
            if total + size <= limit {
                sample.append(unit)
                total += size
                continue
            }
            var cut = unit
            let text = unit.text
            var end = text.utf8Index(limit - total)
            // Back to the last space before the limit (or at least to a scalar's start).
            let utf8 = text.utf8
            var back = end
            while back > utf8.startIndex && utf8[utf8.index(before: back)] != 0x20 && utf8.distance(from: back, to: end) < 256 {
                back = utf8.index(before: back)
            }
            if back > utf8.startIndex && utf8[utf8.index(before: back)] == 0x20 { end = back }
            while end > utf8.startIndex && end < utf8.endIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
            cut.paragraph.text = String(text[..<end])
            sample.append(cut)
            break
        }
        return sample
    }


    /// "Ch 3" or "Src 16": where a unit is, in a few columns.
    public func shortLabel(ofUnit unit: Int) -> String {
        switch units[unit].container {
        case .front: return "Title"
        case .chapter(let index): return document.shortChapterLabel(index)
        case .sourcesIntro: return "Src"
        case .source(let index): return "Src \(document.sources[index].number)"
        }
    }


    /// "Leon Trotsky" sorts under T: by the last word, then the whole name.
    public static func lastNameKey(_ name: String) -> String {
        let last = name.split(separator: " ").last.map(String.init) ?? name
        return (last + " " + name).lowercased()
    }
}

/// Which field of a source header a stretch is.
public enum SourceField: Hashable, Sendable {
    case author, work, date
}

/// Where a field stands in a source header's text (scalar offsets).
public struct SourceFieldRange: Hashable, Sendable {
    public var range: Range<Int>
    public var field: SourceField
    public init(range: Range<Int>, field: SourceField) {
        self.range = range
        self.field = field
    }
}

/// What search needs of a book: its index and the people's names folded. Built in the
/// background once the first frame is out (seconds for a 100 MB book) and handed to the
/// explorer in the action that says it is ready, so nothing can use it before it exists.
public struct BookSearch: Sendable {
    public let index: SearchIndex
    public let people: PreparedCandidates

    public init(book: Book) {
        self.init(book: book, index: SearchIndex(document: book.document, units: book.units))
    }

    /// With the index of the book's units already made (read from the cache).
    public init(book: Book, index: SearchIndex) {
        self.index = index
        people = PreparedCandidates(book.people.people.map { PersonCandidate(name: $0.name, aliases: $0.aliases) })
    }
}

extension Book {
    /// 1-based line and column (in scalars) where a search hit starts in the file.
    public func position(of hit: SearchHit) -> (line: Int, column: Int) {
        units[hit.unit].paragraph.position(ofScalarOffset: hit.offset)
    }
}

/// A value computed once, on first use, from any thread.
final class Lazy<Value: Sendable>: Sendable {
    private let state: Mutex<Value?> = Mutex(nil)
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    var value: Value {
        state.withLock { stored in
            if let stored { return stored }
            let made = make()
            stored = made
            return made
        }
    }
}
