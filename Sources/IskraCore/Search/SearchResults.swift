// What a query found: every hit counted, materialised one at a time on demand.

/// A hit, addressed in the original text: `length` Unicode scalars from scalar `offset` in the
/// text of unit `unit` (`Document.makeUnits()[unit]`).
public struct SearchHit: Equatable, Hashable, Sendable, Comparable {
    public var unit: Int
    public var offset: Int
    public var length: Int

    public init(unit: Int, offset: Int, length: Int) {
        self.unit = unit
        self.offset = offset
        self.length = length
    }

    public static func < (a: SearchHit, b: SearchHit) -> Bool {
        (a.unit, a.offset, a.length) < (b.unit, b.offset, b.length)
    }
}

/// The hits inside one chapter, source, the title or the sources introduction.
public struct SearchGroup: Equatable, Sendable {
    public var container: Container
    /// Index of the group's first hit in `SearchResults`.
    public var firstHit: Int
    public var count: Int
    /// Index of the group's first passage (see `SearchResults.passageCount`), and how many.
    public var firstPassage: Int
    public var passageCount: Int

    public var hitRange: Range<Int> { firstHit ..< firstHit + count }
    public var passageRange: Range<Int> { firstPassage ..< firstPassage + passageCount }
}

/// A passage is one text unit (a paragraph, heading, caption or source header) holding hits:
/// readers think in passages, so the results are listed one row per passage and `n`/`N` step
/// through them. Hits are in book order, so a passage's hits are consecutive.
public struct SearchResults: Sendable, RandomAccessCollection {
    public let query: SearchQuery
    public let groups: [SearchGroup]
    let index: SearchIndex
    let raw: TermHits
    /// Index of each passage's first hit, then the number of hits: passage `p`'s hits are
    /// `passageStarts[p] ..< passageStarts[p + 1]`. Built once per query, one entry a passage.
    private let passageStarts: [Int32]

    init(index: SearchIndex, query: SearchQuery, hits: TermHits) {
        self.index = index
        self.query = query
        self.raw = hits
        var groups: [SearchGroup] = []
        var starts: [Int32] = []
        var currentGroup: Int32 = -1
        var groupStart = 0
        var groupFirstPassage = 0
        var currentUnit: Int32 = -1
        hits.units.withUnsafeBufferPointer { units in
            index.unitGroup.withUnsafeBufferPointer { unitGroup in
                for i in 0 ..< units.count {
                    let unit = units[i]
                    if unit == currentUnit { continue }
                    let g = unitGroup[Int(unit)]
                    if g != currentGroup {
                        if currentGroup >= 0 {
                            groups.append(SearchGroup(container: index.groupContainers[Int(currentGroup)],
                                                      firstHit: groupStart, count: i - groupStart,
                                                      firstPassage: groupFirstPassage,
                                                      passageCount: starts.count - groupFirstPassage))
                        }
                        currentGroup = g
                        groupStart = i
                        groupFirstPassage = starts.count
                    }
                    currentUnit = unit
                    starts.append(Int32(i))
                }
                if currentGroup >= 0 {
                    groups.append(SearchGroup(container: index.groupContainers[Int(currentGroup)],
                                              firstHit: groupStart, count: units.count - groupStart,
                                              firstPassage: groupFirstPassage,
                                              passageCount: starts.count - groupFirstPassage))
                }
            }
        }
        starts.append(Int32(hits.units.count))
        self.groups = groups
        self.passageStarts = starts
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { raw.starts.count }

    /// The `i`th hit in book order.
    public subscript(i: Int) -> SearchHit {
        let unit = Int(raw.units[i])
        let range = index.originalRange(unit: unit, globalStart: Int(raw.starts[i]),
                                        byteLength: raw.byteLengths.isEmpty ? nil : Int(raw.byteLengths[i]),
                                        foldedLength: Int(raw.foldedLength))
        return SearchHit(unit: unit, offset: range.offset, length: range.length)
    }

    public var chapterCount: Int {
        groups.reduce(0) { if case .chapter = $1.container { return $0 + 1 } else { return $0 } }
    }
    public var sourceCount: Int {
        groups.reduce(0) { if case .source = $1.container { return $0 + 1 } else { return $0 } }
    }

    /// How many passages (text units) hold hits.
    public var passageCount: Int { passageStarts.count - 1 }

    /// Index range of passage `p`'s hits.
    public func hitRange(ofPassage p: Int) -> Range<Int> { Int(passageStarts[p]) ..< Int(passageStarts[p + 1]) }

    /// The unit passage `p` is.
    public func unit(ofPassage p: Int) -> Int { Int(raw.units[Int(passageStarts[p])]) }

    /// The passage holding hit `i` (binary search).
    public func passage(ofHit i: Int) -> Int {
        var lo = 0, hi = passageCount
        while lo < hi { let mid = (lo + hi) / 2; if Int(passageStarts[mid + 1]) <= i { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// The passage that is unit `unit`, if it holds hits.
    public func passage(ofUnit unit: Int) -> Int? {
        let range = hitRange(inUnit: unit)
        return range.isEmpty ? nil : passage(ofHit: range.lowerBound)
    }

    /// `7 hits in 5 passages` (`1 hit in 1 passage`); `No hits` when nothing matched.
    public var countLabel: String {
        isEmpty ? "No hits" : plural(count, "hit") + " in " + plural(passageCount, "passage")
    }

    /// `37 hits in 20 passages · 9 chapters, 4 sources`; `No hits` when nothing matched.
    public var summary: String {
        if isEmpty { return "No hits" }
        var places: [String] = []
        if groups.contains(where: { $0.container == .front }) { places.append("the title") }
        if chapterCount > 0 { places.append(plural(chapterCount, "chapter")) }
        if groups.contains(where: { $0.container == .sourcesIntro }) { places.append("the sources introduction") }
        if sourceCount > 0 { places.append(plural(sourceCount, "source")) }
        return countLabel + " · " + places.joined(separator: ", ")
    }

    /// Index range of the hits in one unit (binary search), for highlighting a paragraph.
    public func hitRange(inUnit unit: Int) -> Range<Int> {
        let units = raw.units
        var lo = 0, hi = units.count
        while lo < hi { let mid = (lo + hi) / 2; if Int(units[mid]) < unit { lo = mid + 1 } else { hi = mid } }
        let first = lo
        hi = units.count
        while lo < hi { let mid = (lo + hi) / 2; if Int(units[mid]) <= unit { lo = mid + 1 } else { hi = mid } }
        return first ..< lo
    }

    /// The hits in one unit, in order, as (offset, length) spans of its text.
    public func hits(inUnit unit: Int) -> [SearchHit] {
        let range = hitRange(inUnit: unit)
        if range.isEmpty { return [] }
        return index.originalRanges(unit: unit, of: raw, range).map { SearchHit(unit: unit, offset: $0.offset, length: $0.length) }
    }

    /// The hits in one unit that touch scalars `range` (one that starts before the range is
    /// found among the 8 hits before it). Found by binary search on the hits' byte offsets, so
    /// a paragraph of megabytes with a million hits costs what the visible lines hold.
    public func hits(inUnit unit: Int, overlapping range: Range<Int>) -> [SearchHit] {
        let all = hitRange(inUnit: unit)
        if all.isEmpty { return [] }
        let from = firstIndex(in: all, atOrAfterByte: index.byteOffset(unit: unit, scalarOffset: range.lowerBound))
        let to = firstIndex(in: all, atOrAfterByte: index.byteOffset(unit: unit, scalarOffset: range.upperBound))
        let slice = Swift.max(all.lowerBound, from - 8) ..< to
        if slice.isEmpty { return [] }
        return index.originalRanges(unit: unit, of: raw, slice)
            .map { SearchHit(unit: unit, offset: $0.offset, length: $0.length) }
            .filter { $0.offset < range.upperBound && $0.offset + Swift.max(1, $0.length) > range.lowerBound }
    }

    /// The first hit of `range` (hits of one unit) starting at or after the unit's byte
    /// `byte`, or `range.upperBound`.
    private func firstIndex(in range: Range<Int>, atOrAfterByte byte: Int) -> Int {
        let target = index.unitByteStart[Int(raw.units[range.lowerBound])] + byte
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(raw.starts[mid]) < target { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Index of the first hit at or after (`unit`, `offset`) in book order; nil past the last.
    /// `n` steps from the current hit `i` with `firstHit(atOrAfter:)` of the position just past it,
    /// or simply `i + 1`.
    public func firstHit(atOrAfter unit: Int, offset: Int) -> Int? {
        let range = hitRange(inUnit: unit)
        if !range.isEmpty {
            // Hits start in order: the first at or after the offset's byte.
            let i = firstIndex(in: range, atOrAfterByte: index.byteOffset(unit: unit, scalarOffset: offset))
            if i < range.upperBound { return i }
        }
        let next = range.upperBound
        return next < count ? next : nil
    }

    /// Index of the last hit before (`unit`, `offset`) in book order; nil before the first.
    public func lastHit(before unit: Int, offset: Int) -> Int? {
        let range = hitRange(inUnit: unit)
        if !range.isEmpty {
            let i = firstIndex(in: range, atOrAfterByte: index.byteOffset(unit: unit, scalarOffset: offset))
            if i > range.lowerBound { return i - 1 }
        }
        let previous = range.lowerBound - 1
        return previous >= 0 ? previous : nil
    }

    /// Index of the group holding hit `i`.
    public func group(ofHit i: Int) -> Int? {
        var lo = 0, hi = groups.count
        while lo < hi { let mid = (lo + hi) / 2; if groups[mid].firstHit <= i { lo = mid + 1 } else { hi = mid } }
        return lo > 0 && groups[lo - 1].hitRange.contains(i) ? lo - 1 : nil
    }
}

/// "1 hit", "7 hits".
public func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

extension SearchIndex {
    /// `Chapter title`, `Source N`, `Opening` for the untitled first chapter, `Title`,
    /// `Primary sources`.
    public func label(for container: Container) -> String {
        switch container {
        case .front: return "Title"
        case .chapter(let i): return chapterTitles[i] ?? (i == 0 ? "Opening" : "Chapter \(i + 1)")
        case .sourcesIntro: return "Primary sources"
        case .source(let i): return "Source \(sourceNumbers[i] ?? i + 1)"
        }
    }

    public func chapterTitle(_ index: Int) -> String? { chapterTitles[index] }
    public func sourceNumber(_ index: Int) -> Int { sourceNumbers[index] ?? index + 1 }

    /// 1-based line and column (in scalars) where a hit starts in the file.
    public func position(of hit: SearchHit) -> (line: Int, column: Int) {
        units[hit.unit].paragraph.position(ofScalarOffset: hit.offset)
    }
}
