// A book's dates in the cache: every dated passage, the chronological order (stored: sorting
// again costs more than checking it is an order), and the numbers rejected as dates.
//
//   tag "dat1"       UInt32
//   dates            Array of DatedPassage, in book order
//   chronological    [Int32], a permutation of the dates' indices
//   rejected         Array of RejectedNumber
//
// Decoding checks the values against the book: each date's unit inside it and its container
// the unit's, its ranges inside the unit's text, the dates in book order (lookups by unit
// are binary searches), the order a permutation (lookups index `dates` with it).

extension BookDates {
    static let cacheTag = UInt32(0x3174_6164)   // "dat1" little-endian

    /// The dates in the cache's byte format, for `init?(cacheBytes:book:)`.
    public func cacheBytes() -> [UInt8] {
        var encoder = CacheEncoder(reservingCapacity: 64 + dates.count * 200 + rejected.count * 64)
        encoder.append(Self.cacheTag)
        encoder.appendArray(dates) { $0.append($1) }
        encoder.append(chronological.map { Int32(truncatingIfNeeded: $0) })
        encoder.appendArray(rejected) { $0.append($1) }
        return encoder.bytes
    }

    /// The dates `cacheBytes()` wrote for `book`; nil when the bytes are damaged or do not
    /// fit the book.
    public init?(cacheBytes bytes: UnsafeRawBufferPointer, book: Book) {
        var decoder = CacheDecoder(bytes)
        let bounds = CatalogBounds(book)
        guard decoder.integer(UInt32.self) == Self.cacheTag,
              let dates = decoder.array(elementSize: CacheSize.datedPassage, { $0.datedPassage(bounds) }),
              let order = decoder.int32Array(),
              let rejected = decoder.array(elementSize: CacheSize.int + CacheSize.range + CacheSize.string + 1,
                                           { $0.rejectedNumber(bounds) }),
              decoder.isCompleteAndValid,
              dates.indices.dropFirst().allSatisfy({ dates[$0 - 1].unit <= dates[$0].unit }),
              let chronological = Self.permutation(order, count: dates.count) else { return nil }
        self.dates = dates
        self.chronological = chronological
        self.rejected = rejected
    }

    /// `order` as indices, if it holds each of `0..<count` once.
    private static func permutation(_ order: [Int32], count: Int) -> [Int]? {
        guard order.count == count else { return nil }
        var seen = [Bool](repeating: false, count: count)
        var indices: [Int] = []
        indices.reserveCapacity(count)
        for value in order {
            let index = Int(value)
            guard index >= 0, index < count, !seen[index] else { return nil }
            seen[index] = true
            indices.append(index)
        }
        return indices
    }
}

extension DateKind: CacheCodedEnum {}

extension DatedPassage.Part: CacheCodedEnum {}

extension RejectedNumber.Reason: CacheCodedEnum {}

extension CacheEncoder {
    mutating func append(_ date: DatedPassage) {
        append(date.key)
        append(date.kind)
        append(date.unit)
        append(date.container)
        append(date.range)
        append(date.line)
        append(date.column)
        append(date.text)
        append(date.part)
        appendOptional(date.yearRange) { $0.append($1) }
        append(date.context)
        append(date.contextRange)
    }

    mutating func append(_ number: RejectedNumber) {
        append(number.unit)
        append(number.range)
        append(number.text)
        append(number.reason)
    }
}

extension CacheDecoder {
    mutating func datedPassage(_ bounds: CatalogBounds) -> DatedPassage? {
        guard let key = dateKey(), let kind = enumCase(DateKind.self), let unit = int(in: 0..<bounds.units),
              let container = container(chapters: bounds.chapters, sources: bounds.sources),
              let range = range(), let line = int(in: 0..<Int.max), let column = int(in: 0..<Int.max),
              let text = string(), let part = enumCase(DatedPassage.Part.self), let yearRange = optional({ $0.range() }),
              let context = string(), let contextRange = self.range() else { return nil }
        let unitText = bounds.book.units[unit].text
        guard container == bounds.book.units[unit].container, CatalogBounds.fits(range, in: unitText),
              CatalogBounds.fits(yearRange, in: unitText), CatalogBounds.fits(contextRange, in: context)
        else { return fail() }
        return DatedPassage(key: key, kind: kind, unit: unit, container: container, range: range, line: line,
                            column: column, text: text, part: part, yearRange: yearRange, context: context,
                            contextRange: contextRange)
    }

    mutating func rejectedNumber(_ bounds: CatalogBounds) -> RejectedNumber? {
        guard let unit = int(in: 0..<bounds.units), let range = range(), let text = string(),
              let reason = enumCase(RejectedNumber.Reason.self) else { return nil }
        guard CatalogBounds.fits(range, in: bounds.book.units[unit].text) else { return fail() }
        return RejectedNumber(unit: unit, range: range, text: text, reason: reason)
    }
}

extension CacheSize {
    /// A key, a kind, three Ints, a container, two ranges, two strings, a part, an optional.
    static let datedPassage = dateKey + 1 + 3 * int + 1 + 2 * range + 2 * string + 1 + optional
}
