// The tables feedparser's HTML processing is driven by: which elements are
// void, which attributes hold URIs, which URI schemes are safe, and the
// sanitizer's allowlists for HTML, MathML, SVG and CSS. Names are looked up
// as the tokenizer produces them (lower case).
#pragma once

#include <string_view>

namespace clipfeed::html {

bool is_void_element(std::string_view tag);                       // written "<br />", no end tag
bool is_relative_uri_attribute(std::string_view tag, std::string_view attribute);
bool is_acceptable_uri_scheme(std::string_view scheme);           // exact, case-sensitive
bool is_html4_entity_name(std::string_view name);                 // "&name;" kept as written

bool is_acceptable_element(std::string_view tag);
bool is_acceptable_attribute(std::string_view name);
bool is_dropped_with_content(std::string_view tag);               // script, applet, style
bool is_mathml_element(std::string_view tag);
bool is_mathml_attribute(std::string_view name);
bool is_svg_element(std::string_view lower_tag);
bool is_svg_attribute(std::string_view lower_name);
// SVG's mixed-case spelling of a lower-case element or attribute name
// ("lineargradient" -> "linearGradient"), or the name itself.
std::string_view svg_spelling(std::string_view lower_name);

bool is_acceptable_css_property(std::string_view lower_property);
bool is_acceptable_css_keyword(std::string_view keyword);
bool is_acceptable_svg_css_property(std::string_view lower_property);

}  // namespace clipfeed::html
