# Writes OUTPUT, a C++ file defining entente::openapi_document() with INPUT's text.
file(READ ${INPUT} CONTENT)
file(WRITE ${OUTPUT}
  "#include \"server/router.hpp\"\n"
  "namespace entente {\n"
  "std::string_view openapi_document() {\n"
  "  static constexpr std::string_view kDocument = R\"openapi(${CONTENT})openapi\";\n"
  "  return kDocument;\n"
  "}\n"
  "}  // namespace entente\n")
