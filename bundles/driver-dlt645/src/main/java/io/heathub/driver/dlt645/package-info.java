/**
 * DL/T 645-2007 electricity meters: the frame codec ({@link io.heathub.driver.dlt645.Dlt645Codec}),
 * the offline {@link io.heathub.driver.dlt645.Dlt645FrameDecoder} and the
 * {@link io.heathub.driver.dlt645.Dlt645Driver}, whose
 * {@link io.heathub.driver.dlt645.Dlt645Driver#readAddress} finds the address of a lone meter.
 */
package io.heathub.driver.dlt645;
