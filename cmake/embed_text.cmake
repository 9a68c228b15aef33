# Writes OUTPUT, a C++ file defining std::string_view entente::FUNCTION() with INPUT's
# text (declared in the header INCLUDE). The
# text is cut after a newline into raw-string pieces of at most 16,000 bytes (compilers
# need only accept literals up to 65,536; cutting at a newline never splits a UTF-8
# character), joined once on first use. The pieces are plain pointers, not constexpr
# string_views: measuring a megabyte of text at compile time exceeds clang's constexpr
# step limit.
file(READ ${INPUT} CONTENT)
set(pieces "")
string(LENGTH "${CONTENT}" length)
while(length GREATER 0)
  string(SUBSTRING "${CONTENT}" 0 16000 piece)
  string(LENGTH "${piece}" piece_length)
  if(piece_length LESS length)
    string(FIND "${piece}" "\n" last_newline REVERSE)
    if(last_newline LESS 0)
      message(FATAL_ERROR "${INPUT}: a line longer than 16,000 bytes cannot be embedded")
    endif()
    math(EXPR piece_length "${last_newline} + 1")
    string(SUBSTRING "${CONTENT}" 0 ${piece_length} piece)
  endif()
  string(APPEND pieces "      R\"embedded(${piece})embedded\",\n")
  string(SUBSTRING "${CONTENT}" ${piece_length} -1 CONTENT)
  string(LENGTH "${CONTENT}" length)
endwhile()
file(WRITE ${OUTPUT}
  "#include <string>\n"
  "#include \"${INCLUDE}\"\n"
  "namespace entente {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static const std::string kDocument = [] {\n"
  "    const char* const pieces[] = {\n"
  "${pieces}"
  "    };\n"
  "    std::string text;\n"
  "    for (const char* piece : pieces) text += piece;\n"
  "    return text;\n"
  "  }();\n"
  "  return kDocument;\n"
  "}\n"
  "}  // namespace entente\n")
