"""Physical constants, SI or the unit in the name, each with its source."""

# WGS-84 / EGM-96 Earth (Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Table D-1).
MU_EARTH_KM3_S2 = 398600.4418
R_EARTH_KM = 6378.137  # equatorial radius; also skyfield's is_sunlit Earth radius
J2_EARTH = 1.08262668e-3

# IAU 2012 Resolution B2 (astronomical unit) and IAU 2015 Resolution B3 (nominal solar radius).
AU_KM = 149_597_870.7
R_SUN_KM = 695_700.0

# CODATA 2018.
STEFAN_BOLTZMANN_W_M2_K4 = 5.670374419e-8

# Total solar irradiance at 1 AU: 1360.8 +/- 0.5 W/m2 (Kopp & Lean 2011, GRL 38, L01706).
SOLAR_CONSTANT_W_M2 = 1361.0

# Earth radiation environment, orbit-average design values (Gilmore, Spacecraft Thermal
# Control Handbook Vol. I, 2nd ed., 2002, ch. 2): albedo 0.30, outgoing longwave 237 W/m2.
EARTH_ALBEDO = 0.30
EARTH_IR_W_M2 = 237.0

# Mean-sun rate: one revolution per tropical year of 365.2422 days (Vallado, sec. 9.6).
TROPICAL_YEAR_DAYS = 365.2422
SECONDS_PER_DAY = 86_400.0
JULIAN_YEAR_DAYS = 365.25  # the year of horizons, rates per year and element-set ages (IAU Julian year)
JULIAN_YEAR_S = JULIAN_YEAR_DAYS * SECONDS_PER_DAY
KELVIN_OFFSET = 273.15

# Standard gravity for specific impulse, 9.80665 m/s2 (CGPM 1901, 3rd General Conference).
STANDARD_GRAVITY_M_S2 = 9.80665

# Aluminium density, 2.70 g/cm3 (ASM Handbook, pure Al).
ALUMINIUM_DENSITY_KG_M3 = 2700.0

# Eccentricity of Earth's orbit, 0.0167086 (Astronomical Almanac 2000, J2000 mean elements):
# irradiance spans S/(1+e)^2 at aphelion to S/(1-e)^2 at perihelion (about +/-3.4 %).
EARTH_ORBIT_ECCENTRICITY = 0.0167086
SOLAR_APHELION_W_M2 = SOLAR_CONSTANT_W_M2 / (1.0 + EARTH_ORBIT_ECCENTRICITY) ** 2
SOLAR_PERIHELION_W_M2 = SOLAR_CONSTANT_W_M2 / (1.0 - EARTH_ORBIT_ECCENTRICITY) ** 2
