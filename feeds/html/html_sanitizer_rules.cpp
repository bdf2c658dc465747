// The allowlists below are feedparser 6.0's (sanitizer.py, urls.py, html.py),
// so that content is kept or dropped exactly as feedparser does; the entity
// names are HTML 4's, from feeds/text/html4_names.
#include "feeds/html/html_rules.hpp"

#include "feeds/html/html_name_set.hpp"
#include "feeds/text/ascii.hpp"
#include "feeds/text/html4_names.hpp"

namespace clipfeed::html {

namespace {

// Schemes a link may use.
constexpr std::string_view kAcceptableUriSchemes[] = {
    "aim", "callto", "cvs", "facetime", "feed", "file", "ftp", "git", "gopher", "gtalk", "h323", "hdl",
    "http", "https", "imap", "irc", "irc6", "ircs", "itms", "magnet", "mailto", "mms", "msnim", "news",
    "nntp", "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "skype", "smb", "snews",
    "ssh", "svn", "svn+ssh", "telnet", "wais", "ymsg",
};

// Elements the sanitizer keeps.
constexpr std::string_view kAcceptableElements[] = {
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
    "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid",
    "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "event-source",
    "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "i", "img", "input", "ins", "kbd", "keygen", "label", "legend", "li", "m", "map",
    "menu", "meter", "multicol", "nav", "nextid", "noscript", "ol", "optgroup", "option", "output", "p",
    "pre", "progress", "q", "s", "samp", "section", "select", "small", "sound", "source", "spacer", "span",
    "strike", "strong", "sub", "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time",
    "tr", "tt", "u", "ul", "var", "video",
};

// Attributes the sanitizer keeps on HTML elements.
constexpr std::string_view kAcceptableAttributes[] = {
    "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt", "autocomplete", "autofocus",
    "axis", "background", "balance", "bgcolor", "bgproperties", "border", "bordercolor", "bordercolordark",
    "bordercolorlight", "bottompadding", "cellpadding", "cellspacing", "ch", "challenge", "char", "charoff",
    "charset", "checked", "choff", "cite", "class", "clear", "color", "cols", "colspan", "compact",
    "contenteditable", "controls", "coords", "data", "datafld", "datapagesize", "datasrc", "datetime",
    "default", "delay", "dir", "disabled", "draggable", "dynsrc", "enctype", "end", "face", "for", "form",
    "frame", "galleryimg", "gutter", "headers", "height", "hidden", "hidefocus", "high", "href", "hreflang",
    "hspace", "icon", "id", "inputmode", "ismap", "keytype", "label", "lang", "leftspacing", "list",
    "longdesc", "loop", "loopcount", "loopend", "loopstart", "low", "lowsrc", "max", "maxlength", "media",
    "method", "min", "multiple", "name", "nohref", "noshade", "nowrap", "open", "optimum", "pattern",
    "ping", "point-size", "poster", "pqg", "preload", "prompt", "radiogroup", "readonly", "rel",
    "repeat-max", "repeat-min", "replace", "required", "rev", "rightspacing", "rows", "rowspan", "rules",
    "scope", "selected", "shape", "size", "span", "src", "start", "step", "style", "summary", "suppress",
    "tabindex", "target", "template", "title", "toppadding", "type", "unselectable", "urn", "usemap",
    "valign", "value", "variable", "volume", "vrml", "vspace", "width", "wrap", "xml:lang",
};

// Elements dropped together with their text.
constexpr std::string_view kElementsDroppedWithContent[] = {
    "applet", "script", "style",
};

// MathML elements kept inside <math xmlns="http://www.w3.org/1998/Math/MathML">.
constexpr std::string_view kMathmlElements[] = {
    "annotation", "annotation-xml", "maction", "maligngroup", "malignmark", "math", "menclose", "merror",
    "mfenced", "mfrac", "mglyph", "mi", "mlabeledtr", "mlongdiv", "mmultiscripts", "mn", "mo", "mover",
    "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mscarries", "mscarry", "msgroup",
    "msline", "mspace", "msqrt", "msrow", "mstack", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd",
    "mtext", "mtr", "munder", "munderover", "none", "semantics",
};

// Attributes kept on MathML elements.
constexpr std::string_view kMathmlAttributes[] = {
    "accent", "accentunder", "actiontype", "align", "alignmentscope", "altimg", "altimg-height",
    "altimg-valign", "altimg-width", "alttext", "bevelled", "charalign", "close", "columnalign",
    "columnlines", "columnspacing", "columnspan", "columnwidth", "crossout", "decimalpoint", "denomalign",
    "depth", "dir", "display", "displaystyle", "edge", "encoding", "equalcolumns", "equalrows", "fence",
    "fontstyle", "fontweight", "form", "frame", "framespacing", "groupalign", "height", "href", "id",
    "indentalign", "indentalignfirst", "indentalignlast", "indentshift", "indentshiftfirst",
    "indentshiftlast", "indenttarget", "infixlinebreakstyle", "largeop", "length", "linebreak",
    "linebreakmultchar", "linebreakstyle", "lineleading", "linethickness", "location", "longdivstyle",
    "lquote", "lspace", "mathbackground", "mathcolor", "mathsize", "mathvariant", "maxsize",
    "minlabelspacing", "minsize", "movablelimits", "notation", "numalign", "open", "other", "overflow",
    "position", "rowalign", "rowlines", "rowspacing", "rowspan", "rquote", "rspace", "scriptlevel",
    "scriptminsize", "scriptsizemultiplier", "selection", "separator", "separators", "shift", "side", "src",
    "stackalign", "stretchy", "subscriptshift", "superscriptshift", "symmetric", "voffset", "width",
    "xlink:href", "xlink:show", "xlink:type", "xmlns", "xmlns:xlink",
};

// SVG elements kept inside <svg xmlns="http://www.w3.org/2000/svg">, lower case.
constexpr std::string_view kSvgElements[] = {
    "a", "animate", "animatecolor", "animatemotion", "animatetransform", "circle", "defs", "desc",
    "ellipse", "font-face", "font-face-name", "font-face-src", "foreignobject", "g", "glyph", "hkern",
    "line", "lineargradient", "marker", "metadata", "missing-glyph", "mpath", "path", "polygon", "polyline",
    "radialgradient", "rect", "set", "stop", "svg", "switch", "text", "title", "tspan", "use",
};

// Attributes kept on SVG elements, lower case.
constexpr std::string_view kSvgAttributes[] = {
    "accent-height", "accumulate", "additive", "alphabetic", "arabic-form", "ascent", "attributename",
    "attributetype", "baseprofile", "bbox", "begin", "by", "calcmode", "cap-height", "class", "color",
    "color-rendering", "content", "cx", "cy", "d", "descent", "display", "dur", "dx", "dy", "end", "fill",
    "fill-opacity", "fill-rule", "font-family", "font-size", "font-stretch", "font-style", "font-variant",
    "font-weight", "from", "fx", "fy", "g1", "g2", "glyph-name", "gradientunits", "hanging", "height",
    "horiz-adv-x", "horiz-origin-x", "id", "ideographic", "k", "keypoints", "keysplines", "keytimes",
    "lang", "marker-end", "marker-mid", "marker-start", "markerheight", "markerunits", "markerwidth",
    "mathematical", "max", "min", "name", "offset", "opacity", "orient", "origin", "overline-position",
    "overline-thickness", "panose-1", "path", "pathlength", "points", "preserveaspectratio", "r", "refx",
    "refy", "repeatcount", "repeatdur", "requiredextensions", "requiredfeatures", "restart", "rotate", "rx",
    "ry", "slope", "stemh", "stemv", "stop-color", "stop-opacity", "strikethrough-position",
    "strikethrough-thickness", "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width", "systemlanguage", "target",
    "text-anchor", "to", "transform", "type", "u1", "u2", "underline-position", "underline-thickness",
    "unicode", "unicode-range", "units-per-em", "values", "version", "viewbox", "visibility", "width",
    "widths", "x", "x-height", "x1", "x2", "xlink:actuate", "xlink:arcrole", "xlink:href", "xlink:role",
    "xlink:show", "xlink:title", "xlink:type", "xml:base", "xml:lang", "xml:space", "xmlns", "xmlns:xlink",
    "y", "y1", "y2", "zoomandpan",
};

// SVG element and attribute names written in mixed case.
constexpr std::string_view kSvgMixedCaseNames[] = {
    "animateColor", "animateMotion", "animateTransform", "attributeName", "attributeType", "baseProfile",
    "calcMode", "foreignObject", "gradientUnits", "keyPoints", "keySplines", "keyTimes", "linearGradient",
    "markerHeight", "markerUnits", "markerWidth", "pathLength", "preserveAspectRatio", "radialGradient",
    "refX", "refY", "repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures", "systemLanguage",
    "viewBox", "zoomAndPan",
};

// CSS properties kept in style attributes.
constexpr std::string_view kAcceptableCssProperties[] = {
    "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color",
    "border-left-color", "border-right-color", "border-top-color", "clear", "color", "cursor", "direction",
    "display", "elevation", "float", "font", "font-family", "font-size", "font-style", "font-variant",
    "font-weight", "height", "letter-spacing", "line-height", "overflow", "pause", "pause-after",
    "pause-before", "pitch", "pitch-range", "richness", "speak", "speak-header", "speak-numeral",
    "speak-punctuation", "speech-rate", "stress", "text-align", "text-decoration", "text-indent",
    "unicode-bidi", "vertical-align", "voice-family", "volume", "white-space", "width",
};

// Keywords allowed in background/border/margin/padding values.
constexpr std::string_view kAcceptableCssKeywords[] = {
    "!important", "aqua", "auto", "black", "block", "blue", "bold", "both", "bottom", "brown", "center",
    "collapse", "dashed", "dotted", "fuchsia", "gray", "green", "italic", "left", "lime", "maroon",
    "medium", "navy", "none", "normal", "nowrap", "olive", "pointer", "purple", "red", "right", "silver",
    "solid", "teal", "top", "transparent", "underline", "white", "yellow",
};

// CSS properties kept inside SVG.
constexpr std::string_view kAcceptableSvgCssProperties[] = {
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-linecap", "stroke-linejoin", "stroke-opacity",
    "stroke-width",
};

}  // namespace

// Serialized as <tag />; their end tags are dropped. Asked about every start
// and end tag, and mostly answered by the length alone, so a switch on it.
bool is_void_element(std::string_view name) {
    switch (name.size()) {
        case 2: return name == "br" || name == "hr";
        case 3: return name == "col" || name == "img" || name == "wbr";
        case 4: return name == "area" || name == "base" || name == "link" || name == "meta";
        case 5:
            return name == "embed" || name == "frame" || name == "input" || name == "param" || name == "track";
        case 6: return name == "keygen" || name == "source";
        case 7: return name == "command" || name == "isindex";
        case 8: return name == "basefont";
        default: return false;
    }
}

bool is_acceptable_uri_scheme(std::string_view name) {
    static const NameSet names(kAcceptableUriSchemes);
    return names.contains(name);
}

// Named references kept as written: libxml2's HTML 4 table (HTML 4 plus
// &apos;), which feeds/text keeps; others are escaped.
bool is_html4_entity_name(std::string_view name) { return html4_entity(name).has_value(); }

bool is_acceptable_element(std::string_view name) {
    static const NameSet names(kAcceptableElements);
    return names.contains(name);
}

bool is_acceptable_attribute(std::string_view name) {
    static const NameSet names(kAcceptableAttributes);
    return names.contains(name);
}

bool is_dropped_with_content(std::string_view name) {
    static const NameSet names(kElementsDroppedWithContent);
    return names.contains(name);
}

bool is_mathml_element(std::string_view name) {
    static const NameSet names(kMathmlElements);
    return names.contains(name);
}

bool is_mathml_attribute(std::string_view name) {
    static const NameSet names(kMathmlAttributes);
    return names.contains(name);
}

bool is_svg_element(std::string_view name) {
    static const NameSet names(kSvgElements);
    return names.contains(name);
}

bool is_svg_attribute(std::string_view name) {
    static const NameSet names(kSvgAttributes);
    return names.contains(name);
}

bool is_acceptable_css_property(std::string_view name) {
    static const NameSet names(kAcceptableCssProperties);
    return names.contains(name);
}

bool is_acceptable_css_keyword(std::string_view name) {
    static const NameSet names(kAcceptableCssKeywords);
    return names.contains(name);
}

bool is_acceptable_svg_css_property(std::string_view name) {
    static const NameSet names(kAcceptableSvgCssProperties);
    return names.contains(name);
}

// Element and attribute pairs holding a URI that resolves against the base
// (feedparser's RelativeURIResolver.relative_uris), switched on the
// attribute: asked about every attribute, most of which are none of these.
bool is_relative_uri_attribute(std::string_view tag, std::string_view attribute) {
    switch (attribute.size()) {
        case 3:
            return attribute == "src" && (tag == "audio" || tag == "frame" || tag == "iframe" || tag == "img" ||
                                          tag == "input" || tag == "script" || tag == "source" || tag == "video");
        case 4:
            if (attribute == "cite") return tag == "blockquote" || tag == "del" || tag == "ins" || tag == "q";
            if (attribute == "data") return tag == "object";
            return attribute == "href" && (tag == "a" || tag == "area" || tag == "link");
        case 6:
            if (attribute == "action") return tag == "form";
            if (attribute == "poster") return tag == "video";
            return attribute == "usemap" && (tag == "img" || tag == "input" || tag == "object");
        case 7:
            if (attribute == "classid") return tag == "object";
            return attribute == "profile" && tag == "head";
        case 8:
            if (attribute == "codebase") return tag == "applet" || tag == "object";
            return attribute == "longdesc" && (tag == "frame" || tag == "iframe" || tag == "img");
        case 10:
            return attribute == "background" && tag == "body";
        default:
            return false;
    }
}

std::string_view svg_spelling(std::string_view lower_name) {
    for (std::string_view spelled : kSvgMixedCaseNames)
        if (ascii_iequals(spelled, lower_name)) return spelled;
    return lower_name;
}

}  // namespace clipfeed::html
