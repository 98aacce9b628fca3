// Finds every mention of every registered person in a book, in one pass over each text unit.
//
// Forms and work titles live in one trie over UTF-8 bytes, walked on the text's own bytes. At every word boundary the trie is walked as
// far as the text allows: the longest form that ends on a word boundary is a candidate mention
// (so `Leon Trotsky` is one mention and `Trotskyist` none), and every work title or `not:`
// phrase found marks a stretch where no mention may fall. A space in a form matches any run of
// whitespace; `’` and `'` are the same. Shared forms are then resolved by the rules documented
// in the register file (context phrase, latest unshared form in the unit, then in the chapter
// or source, then the declared default).

import Dispatch

/// One mention: `length` scalars at scalar `offset` of unit `unit`'s text.
public struct Mention: Hashable, Sendable {
    // Stored in 32 bits each: a large book has hundreds of thousands of mentions.
    private var storedUnit: Int32
    private var storedOffset: Int32
    private var storedLength: Int32
    private var storedPerson: Int32

    public var unit: Int {
        get { Int(storedUnit) }
        set { storedUnit = Int32(clamping: newValue) }
    }
    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = Int32(clamping: newValue) }
    }
    public var length: Int {
        get { Int(storedLength) }
        set { storedLength = Int32(clamping: newValue) }
    }
    /// Index into `PeopleIndex.people`.
    public var person: Int {
        get { Int(storedPerson) }
        set { storedPerson = Int32(clamping: newValue) }
    }

    public init(unit: Int, offset: Int, length: Int, person: Int) {
        storedUnit = Int32(clamping: unit)
        storedOffset = Int32(clamping: offset)
        storedLength = Int32(clamping: length)
        storedPerson = Int32(clamping: person)
    }
}

public struct CoOccurrence: Hashable, Sendable {
    public var person: Int
    /// How many units (paragraphs, captions, headings, source headers) name both.
    public var units: Int

    public init(person: Int, units: Int) {
        self.person = person
        self.units = units
    }
}

public struct PeopleIndex: Sendable {
    public let people: [Person]
    /// Every mention in book order (unit, then offset).
    public let mentions: [Mention]
    /// Unit `u`'s mentions are `mentions[unitMentionStart[u] ..< unitMentionStart[u + 1]]`
    /// (mentions are in book order).
    private let unitMentionStart: [Int32]
    private let mentionIndicesByPerson: [[Int]]
    private let unitsByPerson: [[Int]]

    public init(document: Document, register: PeopleRegister) {
        self.init(units: document.makeUnits(), register: register, sources: document.sources)
    }

    /// `sources` lets a source header's title field count as a work title (see the register docs).
    public init(units: [TextUnit], register: PeopleRegister, sources: [Source] = []) {
        self.init(units: units, prepared: PreparedRegister(register), sources: sources)
    }

    /// `parallelism`: how many threads a large book is matched on (the mentions are the same).
    public init(units: [TextUnit], prepared: PreparedRegister, sources: [Source] = [],
                parallelism: Parallelism = .automatic) {
        self.init(people: prepared.register.people,
                  mentions: prepared.matcher.match(units: units, sources: sources, parallelism: parallelism),
                  unitCount: units.count)
    }

    /// The lookups are rebuilt from `found` (book order); shared with the cache's decoder,
    /// which checks every mention's unit and person first.
    init(people: [Person], mentions found: [Mention], unitCount: Int) {
        self.people = people
        mentions = found
        var starts = [Int32](repeating: 0, count: unitCount + 1)
        var byPerson = [[Int]](repeating: [], count: people.count)
        var unitsOf = [[Int]](repeating: [], count: people.count)
        for (i, mention) in found.enumerated() {
            if mention.unit >= 0 && mention.unit < unitCount { starts[mention.unit + 1] += 1 }
            byPerson[mention.person].append(i)
            if unitsOf[mention.person].last != mention.unit { unitsOf[mention.person].append(mention.unit) }
        }
        for u in 0..<unitCount { starts[u + 1] += starts[u] }
        unitMentionStart = starts
        mentionIndicesByPerson = byPerson
        unitsByPerson = unitsOf
    }

    /// How many text units the index was built over.
    var unitCount: Int { unitMentionStart.count - 1 }

    /// The same index without the people the text never names (proposed people can be such:
    /// a phrase from a title, a name only ever written with initials).
    public func droppingUnmentioned() -> PeopleIndex {
        let kept = people.indices.filter { mentionCount(of: $0) > 0 }
        if kept.count == people.count { return self }
        var newIndex = [Int](repeating: -1, count: people.count)
        for (new, old) in kept.enumerated() { newIndex[old] = new }
        let remapped = mentions.map { mention -> Mention in
            var moved = mention
            moved.person = newIndex[mention.person]
            return moved
        }
        return PeopleIndex(people: kept.map { people[$0] }, mentions: remapped, unitCount: unitCount)
    }

    /// Mentions of `person` (an index into `people`) in book order.
    public func mentions(of person: Int) -> [Mention] {
        guard people.indices.contains(person) else { return [] }
        return mentionIndicesByPerson[person].map { mentions[$0] }
    }

    /// Indices into `mentions` of `person`'s mentions, in book order.
    public func mentionIndices(of person: Int) -> [Int] {
        people.indices.contains(person) ? mentionIndicesByPerson[person] : []
    }

    public func mentionCount(of person: Int) -> Int {
        people.indices.contains(person) ? mentionIndicesByPerson[person].count : 0
    }

    /// One unit's mentions (its highlights), sorted by offset, never overlapping.
    public func mentions(inUnit unit: Int) -> ArraySlice<Mention> {
        guard unit >= 0 && unit + 1 < unitMentionStart.count else { return [] }
        return mentions[Int(unitMentionStart[unit]) ..< Int(unitMentionStart[unit + 1])]
    }

    /// One unit's mentions that touch scalars `range` (binary search: a paragraph of megabytes
    /// can hold a hundred thousand mentions, and a frame shows a few).
    public func mentions(inUnit unit: Int, overlapping range: Range<Int>) -> ArraySlice<Mention> {
        let all = mentions(inUnit: unit)
        // Mentions do not overlap, so their ends are in order too.
        var lo = all.startIndex, hi = all.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if all[mid].offset + all[mid].length <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        hi = all.endIndex
        while end < hi {
            let mid = (end + hi) / 2
            if all[mid].offset < range.upperBound { end = mid + 1 } else { hi = mid }
        }
        return all[lo ..< end]
    }

    /// Ids of the units that mention `person`, in book order.
    public func units(mentioning person: Int) -> [Int] {
        people.indices.contains(person) ? unitsByPerson[person] : []
    }

    public func index(ofID id: String) -> Int? { people.firstIndex { $0.id == id } }

    /// People named in the same units as `person`, most shared units first (ties by index).
    public func coOccurrences(of person: Int) -> [CoOccurrence] {
        var counts = [Int](repeating: 0, count: people.count)
        var lastUnit = [Int](repeating: -1, count: people.count)
        for unit in units(mentioning: person) {
            for mention in mentions(inUnit: unit) where mention.person != person && lastUnit[mention.person] != unit {
                lastUnit[mention.person] = unit
                counts[mention.person] += 1
            }
        }
        return counts.indices.filter { counts[$0] > 0 }.map { CoOccurrence(person: $0, units: counts[$0]) }
            .sorted { $0.units != $1.units ? $0.units > $1.units : $0.person < $1.person }
    }

    /// Number of units naming both people.
    public func coOccurrenceCount(_ a: Int, _ b: Int) -> Int { sharedUnits(a, b).count }

    /// Ids of the units naming both people, in book order.
    public func sharedUnits(_ a: Int, _ b: Int) -> [Int] {
        let first = units(mentioning: a), second = units(mentioning: b)
        var shared: [Int] = []
        var i = 0, j = 0
        while i < first.count && j < second.count {
            if first[i] < second[j] { i += 1 } else if first[i] > second[j] { j += 1 } else {
                shared.append(first[i])
                i += 1
                j += 1
            }
        }
        return shared
    }

}

/// A register with its matcher built: building the matcher is most of what a register costs
/// before matching, so it can be done while the book is still being read.
public struct PreparedRegister: Sendable {
    public let register: PeopleRegister
    let matcher: PeopleMatcher

    public init(_ register: PeopleRegister) {
        self.register = register
        matcher = PeopleMatcher(register: register)
    }
}

/// The trie and the resolution rules, built once from a register.
struct PeopleMatcher: Sendable {
    struct Form {
        var candidates: [Int]
        var text: [Unicode.Scalar]
    }

    /// Trie edges while building, as per-node lists of children: the first child of each
    /// node, the next sibling of each node, and the byte leading to each node. Space is 0x20.
    private var firstChild: [Int32] = [-1]
    private var nextSibling: [Int32] = [-1]
    private var nodeByte: [UInt32] = [0]
    /// The same edges for matching, grouped by node: node n's edges are
    /// `edgeStart[n]..<edgeStart[n + 1]` in `edgeScalar` / `edgeChild` (most nodes have one).
    private var edgeStart: [Int32] = []
    private var edgeScalar: [UInt32] = []
    private var edgeChild: [Int32] = []
    private var nodeCount = 1
    /// Per node: the form ending there, or -1.
    private var nodeForm: [Int32] = [-1]
    /// Per node: the shadows (work titles, `not:` phrases) ending there.
    private var nodeShadows: [[Int32]] = [[]]
    private var nodeHasShadow: [Bool] = [false]
    /// Children of the root by first byte, for the common failing first step.
    private var asciiRoot = [Int32](repeating: -1, count: 256)
    private(set) var forms: [Form] = []
    private let shadows: [Shadow]
    /// person -> normalized form -> is default
    private let defaults: [Set<String>]
    /// For each person, (phrase scalars, offset of the form in the phrase, form index).
    private var contexts: [[(phrase: [Unicode.Scalar], formOffset: Int, form: Int)]]
    /// How far around a form a context phrase can reach, in scalars.
    private var contextReach = 0

    init(register: PeopleRegister) {
        shadows = register.shadows
        defaults = register.people.map { Set($0.defaults.map(PeopleText.normalized)) }
        contexts = Array(repeating: [], count: register.people.count)
        var formIndex: [String: Int] = [:]
        for (p, person) in register.people.enumerated() {
            for form in person.forms {
                let key = PeopleText.normalized(form)
                if let existing = formIndex[key] {
                    if !forms[existing].candidates.contains(p) { forms[existing].candidates.append(p) }
                } else {
                    formIndex[key] = forms.count
                    forms.append(Form(candidates: [p], text: Array(key.unicodeScalars)))
                }
            }
        }
        for (i, form) in forms.enumerated() {
            let node = insert(form.text)
            nodeForm[node] = Int32(i)
        }
        for (i, shadow) in shadows.enumerated() {
            let node = insert(Array(PeopleText.normalized(shadow.literal).unicodeScalars))
            nodeShadows[node].append(Int32(i))
            nodeHasShadow[node] = true
        }
        freezeEdges()
        for (p, person) in register.people.enumerated() {
            for phrase in person.contexts {
                let normalized = PeopleText.normalized(phrase)
                // The longest of this person's forms that the phrase contains.
                let best = person.forms.map(PeopleText.normalized)
                    .compactMap { form -> (Range<Int>, String)? in
                        PeopleText.wordRange(of: form, in: normalized).map { ($0, form) }
                    }
                    .max { $0.0.count < $1.0.count }
                guard let (range, form) = best, let index = formIndex[form] else { continue }
                contexts[p].append((Array(normalized.unicodeScalars), range.lowerBound, index))
                contextReach = max(contextReach, normalized.unicodeScalars.count)
            }
        }
    }

    /// Inserts a normalized form as UTF-8 bytes; a run of whitespace becomes one 0x20.
    private mutating func insert(_ scalars: [Unicode.Scalar]) -> Int {
        var bytes: [UInt8] = []
        var previousSpace = false
        for scalar in scalars {
            // runs of spaces in a form count as one, like runs of whitespace in the text
            let isSpace = PeopleText.isSpace(scalar)
            if isSpace && previousSpace { continue }
            previousSpace = isSpace
            if isSpace { bytes.append(0x20) } else { UTF8.encode(scalar) { bytes.append($0) } }
        }
        var node = 0
        for byte in bytes {
            let key = UInt32(byte)
            var child = Int(firstChild[node])
            while child >= 0 && nodeByte[child] != key { child = Int(nextSibling[child]) }
            if child >= 0 {
                node = child
            } else {
                let next = nodeCount
                nodeCount += 1
                nodeForm.append(-1)
                nodeShadows.append([])
                nodeHasShadow.append(false)
                firstChild.append(-1)
                nodeByte.append(key)
                nextSibling.append(firstChild[node])
                firstChild[node] = Int32(next)
                if node == 0 { asciiRoot[Int(key)] = Int32(next) }
                node = next
            }
        }
        return node
    }

    private mutating func freezeEdges() {
        edgeStart = [Int32](repeating: 0, count: nodeCount + 1)
        edgeScalar.reserveCapacity(nodeCount)
        edgeChild.reserveCapacity(nodeCount)
        for node in 0..<nodeCount {
            edgeStart[node] = Int32(edgeChild.count)
            var child = Int(firstChild[node])
            while child >= 0 {
                edgeScalar.append(nodeByte[child])
                edgeChild.append(Int32(child))
                child = Int(nextSibling[child])
            }
        }
        edgeStart[nodeCount] = Int32(edgeChild.count)
        firstChild = []
        nextSibling = []
        nodeByte = []
    }

    @inline(__always) private func child(_ node: Int, _ scalar: UInt32) -> Int? {
        var e = Int(edgeStart[node])
        let end = Int(edgeStart[node + 1])
        while e < end {
            if edgeScalar[e] == scalar { return Int(edgeChild[e]) }
            e += 1
        }
        return nil
    }


    struct Candidate {
        var offset: Int
        var length: Int
        var form: Int
    }

    /// The latest unshared mention of each person, by container: what rule 3 looks back at.
    typealias Latest = [Container: [Int: (unit: Int, offset: Int)]]

    /// A part's mentions; those of shared forms that rule 3 must settle with what earlier
    /// parts saw (`pending`: their index in `mentions`, form and container); and the latest
    /// unshared mentions the part leaves behind.
    struct PartMatch {
        var mentions: [Mention] = []
        var pending: [(index: Int, form: Int, container: Container)] = []
        var latest: Latest = [:]
    }

    /// Every mention in book order. A large book is matched in parts side by side, split at any
    /// unit (one chapter or source may be most of a book). Unshared forms do not depend on
    /// what came before, and resolving a shared one looks back only within its chapter or
    /// source at unshared mentions (rule 3), all later in a part than any before it: so a
    /// shared form that its part alone cannot settle waits until the earlier parts are done.
    func match(units: [TextUnit], sources: [Source], parallelism: Parallelism = .automatic) -> [Mention] {
        let bytes = units.reduce(0) { $0 + $1.text.utf8.count }
        let parts = Parallelism.split(units.count, parts: parallelism.workers(forBytes: bytes)) { units[$0].text.utf8.count + 1 }
        if parts.count <= 1 { return match(units[...], sources: sources, deferring: false).mentions }
        var matched = Parallelism.map(parts.count) { k in match(units[parts[k]], sources: sources, deferring: k > 0) }
        var result: [Mention] = []
        result.reserveCapacity(matched.reduce(0) { $0 + $1.mentions.count })
        var latest: Latest = [:]
        for k in matched.indices {
            // Taken out, so that each part's mentions are freed once joined.
            var part = matched[k]
            matched[k] = PartMatch()
            var dropped = false
            for pending in part.pending {
                let form = forms[pending.form]
                let before = latest[pending.container] ?? [:]
                if let best = form.candidates.compactMap({ p in before[p].map { (p, $0) } })
                    .max(by: { ($0.1.unit, $0.1.offset) < ($1.1.unit, $1.1.offset) }) {
                    part.mentions[pending.index].person = best.0
                } else if let person = defaultPerson(form) {
                    part.mentions[pending.index].person = person
                } else {
                    dropped = true
                }
            }
            if dropped { result += part.mentions.filter { $0.person >= 0 } } else { result += part.mentions }
            for (container, people) in part.latest { latest[container, default: [:]].merge(people) { _, later in later } }
        }
        return result
    }

    /// `deferring`: units after the first part's, where a shared form that rules 1 to 3 cannot
    /// settle here is left pending (person -1) rather than given its default.
    private func match(_ units: ArraySlice<TextUnit>, sources: [Source], deferring: Bool) -> PartMatch {
        var part = PartMatch()
        part.mentions.reserveCapacity(4096)
        // container -> person -> (unit, offset) of the latest unshared mention
        var latestInContainer: Latest = [:]
        var candidates: [Candidate] = []
        var shadowed: [Range<Int>] = []
        // The current container's entry, held here while its units follow one another (a
        // large book has hundreds of thousands of units and few containers).
        var container: Container?
        var latest: [Int: (unit: Int, offset: Int)] = [:]
        for unit in units {
            if unit.container != container {
                if let container { latestInContainer[container] = latest }
                latest = latestInContainer.removeValue(forKey: unit.container) ?? [:]
                container = unit.container
            }
            candidates.removeAll(keepingCapacity: true)
            shadowed.removeAll(keepingCapacity: true)
            var text = unit.text
            text.withUTF8 { bytes in
                scan(bytes, into: &candidates, shadowed: &shadowed)
                if unit.kind == .sourceHeader, case .source(let s) = unit.container, sources.indices.contains(s),
                   let range = Self.titleRange(of: sources[s], in: bytes) {
                    shadowed.append(range)
                }
                // candidates are in byte offsets, in order: filter, then convert to scalar offsets
                var bytePosition = 0, scalarPosition = 0
                func scalarOffset(_ byteOffset: Int) -> Int {
                    while bytePosition < byteOffset {
                        if bytes[bytePosition] & 0xC0 != 0x80 { scalarPosition += 1 }
                        bytePosition += 1
                    }
                    return scalarPosition
                }
                var latestInUnit: [Int: Int] = [:]
                // Candidates come in order and do not overlap, so their ends grow: one sweep over
                // the shadows sorted by start tells whether any shadow started before a
                // candidate's end reaches past its start (a paragraph of megabytes can hold
                // thousands of each).
                shadowed.sort { $0.lowerBound < $1.lowerBound }
                var nextShadow = 0
                var reach = Int.min
                for candidate in candidates {
                    let end = candidate.offset + candidate.length
                    while nextShadow < shadowed.count && shadowed[nextShadow].lowerBound < end {
                        reach = max(reach, shadowed[nextShadow].upperBound)
                        nextShadow += 1
                    }
                    if reach > candidate.offset { continue }
                    let offset = scalarOffset(candidate.offset)
                    let length = scalarOffset(end) - offset
                    let form = forms[candidate.form]
                    let person: Int
                    if form.candidates.count == 1 {
                        person = form.candidates[0]
                        latestInUnit[person] = offset
                        latest[person] = (unit.id, offset)
                    } else {
                        // Context phrases are checked on the folded scalars around the candidate
                        // only, so a paragraph of megabytes is not decoded whole.
                        let window = Self.foldedScalars(bytes, around: candidate.offset, end, reach: contextReach)
                        switch resolve(Candidate(offset: offset, length: length, form: candidate.form),
                                       form: form, window: window.scalars,
                                       windowStart: offset - window.before, inUnit: latestInUnit,
                                       inContainer: latest, deferring: deferring) {
                        case .person(let resolved):
                            person = resolved
                        case .pending:
                            part.pending.append((part.mentions.count, candidate.form, unit.container))
                            person = -1
                        case .unresolved:
                            continue
                        }
                    }
                    part.mentions.append(Mention(unit: unit.id, offset: offset, length: length, person: person))
                }
            }
        }
        if let container { latestInContainer[container] = latest }
        part.latest = latestInContainer
        return part
    }

    /// The folded scalars from `reach` scalars before byte `start` to `reach` after byte `end`
    /// (fewer at the text's ends), and how many come before `start`.
    static func foldedScalars(_ bytes: UnsafeBufferPointer<UInt8>, around start: Int, _ end: Int,
                              reach: Int) -> (scalars: [Unicode.Scalar], before: Int) {
        guard reach > 0 else { return ([], 0) }
        var from = start, before = 0
        while from > 0 && before < reach {
            from -= 1
            while from > 0 && bytes[from] & 0xC0 == 0x80 { from -= 1 }
            before += 1
        }
        var scalars: [Unicode.Scalar] = []
        var i = from, after = 0
        while i < bytes.count && (i < end || after < reach) {
            let (scalar, length) = decode(bytes, at: i)
            scalars.append(PeopleText.fold(scalar))
            if i >= end { after += 1 }
            i += length
        }
        return (scalars, before)
    }

    enum Resolution { case person(Int), pending, unresolved }

    /// `window`: the unit's folded scalars from scalar `windowStart` on, reaching far enough
    /// around the candidate for every context phrase (`contextReach`). `deferring`: earlier
    /// mentions in the container may be in an earlier part, so rule 3 failing here is pending.
    private func resolve(_ candidate: Candidate, form: Form, window scalars: [Unicode.Scalar], windowStart: Int,
                         inUnit: [Int: Int], inContainer: [Int: (unit: Int, offset: Int)], deferring: Bool) -> Resolution {
        // 1. a context phrase around the occurrence
        for person in form.candidates {
            for context in contexts[person] where context.form == candidate.form {
                let start = candidate.offset - context.formOffset - windowStart
                if start >= 0, start + context.phrase.count <= scalars.count,
                   scalars[start..<start + context.phrase.count].elementsEqual(context.phrase) {
                    return .person(person)
                }
            }
        }
        // 2. the latest unshared mention in this unit
        if let best = form.candidates.compactMap({ p in inUnit[p].map { (p, $0) } }).max(by: { $0.1 < $1.1 }) {
            return .person(best.0)
        }
        // 3. ... in this chapter or source
        if let best = form.candidates.compactMap({ p in inContainer[p].map { (p, $0) } })
            .max(by: { ($0.1.unit, $0.1.offset) < ($1.1.unit, $1.1.offset) }) {
            return .person(best.0)
        }
        if deferring { return .pending }
        // 4. the declared default
        return defaultPerson(form).map { .person($0) } ?? .unresolved
    }

    /// The person whose default a shared form is (rule 4), if any.
    private func defaultPerson(_ form: Form) -> Int? {
        let key = String(String.UnicodeScalarView(form.text))
        return form.candidates.first { defaults[$0].contains(key) }
    }

    /// Whether the scalar starting at byte `i` is a letter or digit.
    @inline(__always) private static func isWord(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 { return PeopleText.isWordScalar(Unicode.Scalar(b)) }
        return PeopleText.isWordScalar(decode(bytes, at: i).scalar)
    }

    /// Whether the scalar ending just before byte `i` is a letter or digit.
    @inline(__always) private static func isWord(_ bytes: UnsafeBufferPointer<UInt8>, before i: Int) -> Bool {
        var start = i - 1
        if bytes[start] < 0x80 { return PeopleText.isWordScalar(Unicode.Scalar(bytes[start])) }
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return PeopleText.isWordScalar(decode(bytes, at: start).scalar)
    }

    /// Unit text is a Swift string, so always valid UTF-8: the index's decoder serves.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let (value, length) = FoldTable.decode(bytes, i)
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Whitespace at byte `i`: its length in bytes, or 0.
    @inline(__always) private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { return 1 }
        if b == 0xC2 && i + 1 < bytes.count && bytes[i + 1] == 0xA0 { return 2 }
        return 0
    }

    /// Candidates and shadowed stretches, both in byte offsets into `bytes`.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, into candidates: inout [Candidate],
                      shadowed: inout [Range<Int>]) {
        let count = bytes.count
        var formCursor = 0
        var i = 0
        while i < count {
            let first = bytes[i]
            let next0 = asciiRoot[Int(first)]
            // not the start of any form, or inside a word
            if next0 < 0 || (i > 0 && Self.isWord(bytes, before: i) && Self.isWord(bytes, at: i)) { i += 1; continue }
            var node = Int(next0)
            var j = i + 1
            var bestForm = -1
            var bestEnd = 0
            while true {
                let form = nodeForm[node]
                if form >= 0 || nodeHasShadow[node] {
                    let boundary = j == count || !Self.isWord(bytes, before: j) || !Self.isWord(bytes, at: j)
                    if boundary {
                        if form >= 0 { bestForm = Int(form); bestEnd = j }
                        for s in nodeShadows[node] {
                            let shadow = shadows[Int(s)]
                            shadowed.append(Self.map(shadow.shadowed, literal: shadow.literal, bytes: bytes,
                                                     start: i, end: j))
                        }
                    }
                }
                guard j < count else { break }
                let space = Self.spaceLength(bytes, at: j)
                if space > 0 {
                    guard let next = child(node, 0x20) else { break }
                    j += space
                    while j < count {
                        let more = Self.spaceLength(bytes, at: j)
                        if more == 0 { break }
                        j += more
                    }
                    node = next
                } else if bytes[j] == 0xE2 && j + 2 < count && bytes[j + 1] == 0x80 && bytes[j + 2] == 0x99 {
                    guard let next = child(node, 0x27) else { break }   // `’` reads as `'`
                    j += 3
                    node = next
                } else {
                    guard let next = child(node, UInt32(bytes[j])) else { break }
                    j += 1
                    node = next
                }
            }
            if bestForm >= 0 && i >= formCursor {
                candidates.append(Candidate(offset: i, length: bestEnd - i, form: bestForm))
                formCursor = bestEnd
            }
            i += 1
        }
    }

    /// Maps the shadowed scalar range of a literal onto the bytes it matched at `start..<end`
    /// (whitespace runs and apostrophes may differ in length, so walk both).
    private static func map(_ range: Range<Int>, literal: String, bytes: UnsafeBufferPointer<UInt8>, start: Int,
                            end: Int) -> Range<Int> {
        let lit = Array(PeopleText.normalized(literal).unicodeScalars)
        if range == 0..<lit.count { return start..<end }
        var li = 0, ti = start
        var lower = start, upper = end
        while li <= lit.count && ti <= end {
            if li == range.lowerBound { lower = ti }
            if li == range.upperBound { upper = ti; break }
            guard li < lit.count, ti < end else { break }
            if PeopleText.isSpace(lit[li]) {
                while li < lit.count && PeopleText.isSpace(lit[li]) { li += 1 }
                while ti < end && spaceLength(bytes, at: ti) > 0 { ti += spaceLength(bytes, at: ti) }
            } else {
                li += 1
                ti += decode(bytes, at: ti).length
            }
        }
        return lower..<upper
    }

    /// A source header's title as a work title, when it reads as one (starts with a capital):
    /// its byte range in the header.
    static func titleRange(of source: Source, in header: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let title = source.title, let first = title.unicodeScalars.first, first.properties.isUppercase
        else { return nil }
        let t = Array(title.utf8)
        guard !t.isEmpty, t.count <= header.count else { return nil }
        // the title follows the author, so take the last occurrence
        var start = header.count - t.count
        while start >= 0 {
            if header[start..<start + t.count].elementsEqual(t) { return start..<start + t.count }
            start -= 1
        }
        return nil
    }
}
