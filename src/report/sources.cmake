# Reports and pictures: compressor characteristic diagrams as SVG (issue 4).
target_sources(corridor PRIVATE report/diagram_svg.cpp)
